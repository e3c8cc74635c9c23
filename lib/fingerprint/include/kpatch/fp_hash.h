// SPDX-License-Identifier: GPL-2.0
//
// fp_hash.h - the streaming hash behind every fingerprint.
//
// Producers (the plugin's RTL, GIMPLE and initializer walkers) feed typed
// tokens; each token is tagged and length-delimited so that two different
// token sequences cannot serialise to the same bytes.  The result is
// XXH3-64 of that serialisation.  Not cryptographic: fingerprints detect
// change between two builds of the same source, nothing adversarial.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kpatch::fp {

class Hasher {
public:
    void tag(uint8_t t) { buf_.push_back(static_cast<char>(t)); }
    void u64(uint64_t v);
    void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
    void str(std::string_view s);

    uint64_t finish() const;
    // The serialised token stream so far (for -fplugin-arg-kpatch-trace).
    const std::string &bytes() const { return buf_; }

private:
    std::string buf_;
};

// XXH3-64 of a byte string.
uint64_t hash_bytes(std::string_view bytes);

}  // namespace kpatch::fp
