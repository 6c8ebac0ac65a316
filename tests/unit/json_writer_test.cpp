// The streaming JSON writer must write exactly the bytes nlohmann::json's dump() writes for the
// same values (explanation documents and their golden files depend on it), compact and pretty.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "common/json_writer.hpp"

namespace {

using ilio::detail::JsonWriter;

/// The same document both ways: through the writer, and as nlohmann's dump().
void check_same(int indent) {
    const std::string tricky = "quote \" backslash \\ tab\t nl\n cr\r ff\f bs\b nul" +
                               std::string(1, '\0') + " unit\x1f del\x7f ✓ — 10 °";
    const double numbers[] = {70.0,
                              -0.0,
                              0.1,
                              1e-5,
                              1e21,
                              123456789012345678.0,
                              2.5e-7,
                              -1.96,
                              std::numeric_limits<double>::quiet_NaN(),
                              std::numeric_limits<double>::infinity()};

    nlohmann::ordered_json j;
    j["text"] = tricky;
    j["empty_object"] = nlohmann::ordered_json::object();
    j["empty_array"] = nlohmann::ordered_json::array();
    for (double n : numbers) j["numbers"].push_back(n);
    j["nested"] = {{"a", nullptr}, {"b", true}, {"c", false}, {"d", 4294967295u}};
    j["strings"] = std::vector<std::string>{"x", "", "y"};

    std::string out;
    JsonWriter w(out, indent);
    w.begin_object();
    w.member("text", tricky);
    w.key("empty_object");
    w.begin_object();
    w.end_object();
    w.key("empty_array");
    w.begin_array();
    w.end_array();
    w.key("numbers");
    w.begin_array();
    for (double n : numbers) w.number(n);
    w.end_array();
    w.key("nested");
    w.begin_object();
    w.key("a");
    w.null();
    w.key("b");
    w.boolean(true);
    w.key("c");
    w.boolean(false);
    w.key("d");
    w.integer(4294967295u);
    w.end_object();
    w.key("strings");
    w.strings({"x", "", "y"});
    w.end_object();
    w.finish();

    CHECK(out == j.dump(indent));
}

}  // namespace

TEST_CASE("JSON writer: the bytes of nlohmann's dump, on one line") {
    check_same(-1);
}

TEST_CASE("JSON writer: the bytes of nlohmann's dump, pretty") {
    check_same(2);
    check_same(0);
}

TEST_CASE("JSON writer: invalid UTF-8 is an error naming the byte, never written") {
    std::string out;
    JsonWriter w(out, -1);
    CHECK_THROWS_WITH(w.string("ok \xC3("), Catch::Contains("invalid UTF-8 byte 0xC3 at index 3"));
    CHECK_THROWS_AS(w.string("cut \xE2\x9C"), std::invalid_argument);
    w.finish();
    // Nothing of a string with invalid UTF-8 is left past its opening quote: no byte of it.
    CHECK(out.find("ok") == std::string::npos);
    CHECK(out.find("cut") == std::string::npos);
}

TEST_CASE("JSON writer: what is written so far is in the string once finished, and after") {
    // The writer writes through a cursor into room it makes in the string: finish() trims
    // the string to what was written, and writing may go on after it.
    std::string out = "prefix ";
    JsonWriter w(out, -1);
    w.begin_array();
    std::string big(10000, 'x');  // more than the room made at first
    w.string(big);
    w.finish();
    CHECK(out == "prefix [\"" + big + "\"");
    w.integer(18446744073709551615u);
    w.end_array();
    w.finish();
    CHECK(out == "prefix [\"" + big + "\",18446744073709551615]");
}

TEST_CASE("JSON writer: a byte that needs escaping is found wherever it sits in a word") {
    // Plain text is skipped eight bytes at a time: every special byte, and a multi-byte
    // character, at every position of a string of several words. The space (0x20) and DEL
    // (0x7f) are plain, next to bytes that are not (0x1f, 0x80): each is among the text or
    // the specials, so a scan that takes in a neighbour fails.
    const std::string plain = "abcdefghijklmnopqrstuvwxyz 0123456789~ABCDEFGHIJ";
    const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f",
                                    "é",  "✓",  "𝄞"};
    for (const auto& special : specials)
        for (std::size_t at = 0; at <= plain.size(); ++at) {
            std::string text = plain.substr(0, at) + special + plain.substr(at);
            std::string out;
            JsonWriter w(out, -1);
            w.string(text);
            w.finish();
            INFO("at " << at);
            CHECK(out == nlohmann::json(text).dump());
        }
}

TEST_CASE("JSON writer: a value written again is copied whole, separated like any other") {
    std::string out;
    JsonWriter w(out, -1);
    w.begin_object();
    w.key("first");
    auto begin = w.begin_value();
    w.begin_object();
    w.member("text", "a \"quoted\" — value");
    w.key("list");
    w.strings({"x", "y"});
    w.end_object();
    auto end = w.offset();
    w.key("again");
    w.repeat(begin, end);
    w.key("many");
    w.begin_array();
    // Each copy makes the document grow past the room it had: copied from where it now is.
    for (int i = 0; i < 200; ++i) w.repeat(begin, end);
    w.end_array();
    w.end_object();
    w.finish();
    auto doc = nlohmann::ordered_json::parse(out);
    nlohmann::ordered_json value = {{"text", "a \"quoted\" — value"}, {"list", {"x", "y"}}};
    CHECK(doc["first"] == value);
    CHECK(doc["again"] == value);
    REQUIRE(doc["many"].size() == 200);
    for (const auto& v : doc["many"]) CHECK(v == value);
}
