// SPDX-License-Identifier: GPL-2.0
//
// scratch_tree.h - a directory tree a unit test writes files into, under
// the system's temporary directory, named after the test and this process,
// removed before and after.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

struct ScratchTree {
    std::filesystem::path root;

    explicit ScratchTree(const std::string &name)
        : root(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid())))
    {
        std::filesystem::remove_all(root);
    }
    ~ScratchTree() { std::filesystem::remove_all(root); }
    ScratchTree(const ScratchTree &) = delete;
    ScratchTree &operator=(const ScratchTree &) = delete;

    // Writes text to root/rel, making its directories.
    void write(const std::string &rel, const std::string &text) const
    {
        std::filesystem::create_directories((root / rel).parent_path());
        std::ofstream(root / rel) << text;
    }
};
