// Every diagnostic and every node's location goes through SourceText::position. It starts its
// search where the average line length puts an offset, so texts whose lines are far from the
// average (one long line among short ones, runs of empty lines, no newline at all, a newline
// at the very end) are each checked at every offset against a count of the newlines before it.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/source_text.hpp"

namespace {

/// The 1-based line and column of `offset`, counted the slow way.
ilio::SourcePosition counted(const std::string& text, std::uint32_t offset) {
    std::uint32_t line = 1, column = 1;
    for (std::uint32_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

}  // namespace

TEST_CASE("source text: every offset's line and column, whatever the line lengths") {
    std::string long_line(5000, 'x');
    std::vector<std::string> texts = {
        "",
        "no newline at all",
        "\n",
        "\n\n\n\n\n",
        "ends with a newline\n",
        "a\nbb\nccc\n" + long_line + "\nd\ne\n",
        long_line + "\n" + std::string(300, '\n') + "last",
        std::string(300, '\n') + long_line,
    };
    // Many short lines, then one long one, then short ones again.
    std::string mixed;
    for (int i = 0; i < 200; ++i) mixed += std::string(static_cast<std::size_t>(i % 7), 'a') + "\n";
    mixed += long_line + "\n";
    for (int i = 0; i < 200; ++i) mixed += "b\n";
    texts.push_back(mixed);

    for (const auto& text : texts) {
        ilio::detail::SourceText source("t.ilio", text);
        for (std::uint32_t offset = 0; offset <= text.size(); ++offset) {
            auto expected = counted(text, offset);
            auto got = source.position(offset);
            INFO("text of " << text.size() << " bytes, offset " << offset);
            REQUIRE(got.line == expected.line);
            REQUIRE(got.column == expected.column);
        }
        // Past the end: the end's position.
        auto end = counted(text, static_cast<std::uint32_t>(text.size()));
        auto past = source.position(static_cast<std::uint32_t>(text.size() + 10));
        REQUIRE(past.line == end.line);
        REQUIRE(past.column == end.column);
    }
}

TEST_CASE("source text: lines are read back without their newline") {
    ilio::detail::SourceText source("t.ilio", "first\r\nsecond\n\nfourth");
    CHECK(source.line(1) == "first");
    CHECK(source.line(2) == "second");
    CHECK(source.line(3).empty());
    CHECK(source.line(4) == "fourth");
    CHECK(source.line(5).empty());
    CHECK(source.line(0).empty());
}

// A diagnostic rendered without its file's text reads an empty view, whose data is null: no
// library call may be handed it (UndefinedBehaviorSanitizer in the ASan stage would say so).
TEST_CASE("source text: an empty view with no data is one empty line") {
    ilio::detail::SourceText source("t.ilio", std::string_view{});
    CHECK(source.position(0).line == 1);
    CHECK(source.position(0).column == 1);
    CHECK(source.position(5).line == 1);
    CHECK(source.line(1).empty());
    CHECK(source.line(2).empty());
}
