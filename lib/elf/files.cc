// SPDX-License-Identifier: GPL-2.0
//
// files.cc - see files.h.  Inputs: open + fstat on the same descriptor,
// so what is checked is what is read.
#include "elf/files.h"

#include "elf/object.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/core.h>

namespace kpatch::elf {
namespace {

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd &&other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    ~Fd()
    {
        if (fd_ >= 0)
            close(fd_);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace

const char *file_kind(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a directory";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFIFO: return "a FIFO";
    case S_IFSOCK: return "a socket";
    case S_IFLNK: return "a symbolic link";
    default: return "not a regular file";
    }
}

namespace {

[[noreturn]] void fail(const std::string &path, std::string what, std::string todo = "")
{
    throw Error(Diagnostic{.file = path, .what = std::move(what), .todo = std::move(todo)});
}

// Opens path for reading if it is a regular file; its size in *size.
Fd open_regular(const std::string &path, uint64_t *size)
{
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0)
        fail(path, fmt::format("cannot open: {}", std::strerror(errno)));
    struct stat st;
    if (fstat(fd.get(), &st) != 0)
        fail(path, fmt::format("cannot stat: {}", std::strerror(errno)));
    if (!S_ISREG(st.st_mode))
        fail(path, fmt::format("is {}, not a regular file", file_kind(st.st_mode)));
    *size = static_cast<uint64_t>(st.st_size);
    return fd;
}

}  // namespace

void check_input(const std::string &path)
{
    uint64_t size = 0;
    open_regular(path, &size);
}

std::vector<uint8_t> read_input(const std::string &path, uint64_t max_bytes)
{
    uint64_t size = 0;
    Fd fd = open_regular(path, &size);
    if (size > max_bytes)
        fail(path, fmt::format("{} bytes, more than the {} this tool reads", size, max_bytes),
             "is it the right file?");
    std::vector<uint8_t> bytes(size);
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd.get(), bytes.data() + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail(path, fmt::format("read failed: {}", std::strerror(errno)));
        if (n == 0)
            break;  // shrank while read: parse what is there
        done += static_cast<size_t>(n);
    }
    bytes.resize(done);
    return bytes;
}

void check_output(const std::string &path)
{
    struct stat st;
    if (lstat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode))
            fail(path,
                 fmt::format("is {}; the output is written to a new file that replaces it",
                             file_kind(st.st_mode)),
                 "name a regular file or a new path");
    } else if (errno != ENOENT) {
        fail(path, fmt::format("cannot write: {}", std::strerror(errno)));
    }
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty())
        dir = ".";
    if (access(dir.c_str(), W_OK | X_OK) != 0)
        fail(path, fmt::format("cannot write into {}: {}", dir.string(), std::strerror(errno)));
}

}  // namespace kpatch::elf
