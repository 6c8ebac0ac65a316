// The name index finds every name of a rule set at its position and nothing else: facts
// documents, parameters and references all look names up through it. Its hash reads short names
// as overlapping words, so every length up to three words is tried, and so is a name that
// differs from an indexed one in a single byte at any position.

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "program/name_index.hpp"

namespace {

struct Named {
    std::string name;
};

using ilio::detail::name_hash;
using ilio::detail::NameIndex;

}  // namespace

TEST_CASE("name index: every name of every length is found at its position, and no other") {
    std::vector<Named> items;
    items.push_back({""});
    for (std::size_t length = 1; length <= 26; ++length) {
        std::string name;
        for (std::size_t i = 0; i < length; ++i) name += static_cast<char>('a' + (i * 7) % 26);
        items.push_back({name});
    }
    NameIndex index;
    index.build(items);
    for (std::uint32_t i = 0; i < items.size(); ++i) {
        INFO("name " << items[i].name);
        REQUIRE(index.find(items[i].name) == i);
        // The same name with one byte changed, at each position: a different name.
        for (std::size_t at = 0; at < items[i].name.size(); ++at) {
            std::string other = items[i].name;
            other[at] = '_';
            INFO("changed at " << at);
            CHECK_FALSE(index.find(other).has_value());
        }
        // One byte longer: not indexed. One byte shorter: the name before, as each name is
        // the next one's prefix.
        CHECK_FALSE(index.find(items[i].name + "_").has_value());
        if (i > 0) CHECK(index.find(items[i].name.substr(0, items[i].name.size() - 1)) == i - 1);
    }
}

TEST_CASE("name index: a repeated name finds its first position, an empty index finds nothing") {
    NameIndex empty;
    CHECK_FALSE(empty.find("anything").has_value());
    empty.build(std::vector<Named>{});
    CHECK_FALSE(empty.find("").has_value());

    NameIndex twice;
    twice.build(std::vector<Named>{{"hip_flexion"}, {"knee"}, {"hip_flexion"}});
    CHECK(twice.find("hip_flexion") == 0u);
    CHECK(twice.find("knee") == 1u);
}

TEST_CASE("name index: the hash tells apart names that share all but one byte") {
    // Names of a generated rule set: a common prefix and a number, the shape most likely to
    // collide in a weak hash. Every one is found, and their hashes are all distinct.
    std::vector<Named> items;
    for (int i = 0; i < 20000; ++i) items.push_back({"fact_" + std::to_string(i) + "_reading"});
    NameIndex index;
    index.build(items);
    std::set<std::uint64_t> hashes;
    for (std::uint32_t i = 0; i < items.size(); ++i) {
        REQUIRE(index.find(items[i].name) == i);
        hashes.insert(name_hash(items[i].name));
    }
    CHECK(hashes.size() == items.size());
    CHECK_FALSE(index.find("fact_20000_reading").has_value());
    CHECK_FALSE(index.find("fact_1_readinG").has_value());
}

TEST_CASE("name index: names compare equal exactly when every byte is, at every length") {
    // Lookups compare a candidate's bytes in overlapping words: the hash alone would hide a
    // comparison that missed a byte, as names differing in one byte rarely share a tag.
    for (std::size_t length = 0; length <= 40; ++length) {
        std::string a(length, 'x'), b(length, 'x');
        for (std::size_t i = 0; i < length; ++i) a[i] = b[i] = static_cast<char>('a' + i % 26);
        INFO("length " << length);
        CHECK(ilio::detail::same_bytes(a.data(), b.data(), length));
        for (std::size_t at = 0; at < length; ++at) {
            std::string c = a;
            c[at] = static_cast<char>(c[at] ^ 0x20);
            INFO("differing at " << at);
            CHECK_FALSE(ilio::detail::same_bytes(a.data(), c.data(), length));
            CHECK_FALSE(ilio::detail::same_bytes(c.data(), a.data(), length));
        }
    }
}
