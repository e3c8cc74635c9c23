// SPDX-License-Identifier: GPL-2.0
//
// util.cc - see util.h.
#include "util.h"

#include "error.h"

#include "elf/files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace kpatch::build {

std::string read_file(const fs::path &path)
{
    try {
        std::vector<uint8_t> bytes = elf::read_input(path.string());
        return std::string(bytes.begin(), bytes.end());
    } catch (const kpatch::Error &e) {
        throw Error("{}", e.what());
    }
}

void write_file_atomic(const fs::path &path, std::string_view data)
{
    fs::path tmp = path;
    tmp += fmt::format(".tmp{}", getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("{}: cannot write: {}", tmp.string(), strerror(errno));
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
        out.close();
        if (!out)
            throw Error("{}: write failed (disk full?)", tmp.string());
    }
    // On disk before the name is: after a power loss the file is the old
    // one or the new one, never empty.
    sync_to_disk(tmp);
    fs::rename(tmp, path);
}

void copy_file_atomic(const fs::path &from, const fs::path &to)
{
    fs::create_directories(to.parent_path());
    fs::path tmp = to;
    tmp += fmt::format(".tmp{}", getpid());
    fs::copy_file(from, tmp, fs::copy_options::overwrite_existing);
    sync_to_disk(tmp);  // as in write_file_atomic()
    fs::rename(tmp, to);
}

namespace {

// fsync() or syncfs() on path, opened for the call.
void sync_with(const fs::path &path, int (*sync)(int), const char *name)
{
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error("{}: cannot open to sync: {}", path.string(), strerror(errno));
    int rc = sync(fd);
    int err = errno;
    close(fd);
    if (rc != 0)
        throw Error("{}: {} failed: {} (is the disk full or failing?)", path.string(), name,
                    strerror(err));
}

}  // namespace

void sync_to_disk(const fs::path &path)
{
    sync_with(path, fsync, "fsync");
}

void sync_filesystem(const fs::path &path)
{
    sync_with(path, syncfs, "syncfs");
}

std::string trim(std::string_view s)
{
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_lines(std::string_view s)
{
    std::vector<std::string> lines;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t nl = s.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = s.size();
        lines.emplace_back(s.substr(pos, nl - pos));
        pos = nl + 1;
    }
    return lines;
}

std::vector<std::string> split_words(std::string_view s)
{
    std::vector<std::string> words;
    std::istringstream in{std::string(s)};
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

bool contains(const std::vector<std::string> &items, std::string_view item)
{
    return std::find(items.begin(), items.end(), item) != items.end();
}

uint64_t fnv1a(std::string_view data, uint64_t seed)
{
    uint64_t h = seed;
    for (unsigned char c : data) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string hex64(uint64_t v) { return fmt::format("{:016x}", v); }

fs::path cache_root()
{
    if (const char *x = getenv("XDG_CACHE_HOME"); x && *x)
        return fs::path(x) / "kpatch";
    if (const char *h = getenv("HOME"); h && *h)
        return fs::path(h) / ".cache" / "kpatch";
    throw Error("neither XDG_CACHE_HOME nor HOME is set: cannot place the kpatch cache");
}

bool stderr_is_tty() { return isatty(STDERR_FILENO); }

}  // namespace kpatch::build
