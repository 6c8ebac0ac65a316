// Facts documents built to hurt: huge values and keys, invalid UTF-8, numbers beyond a double,
// and the inputs that once crashed a fuzz target (tests/fuzz/regressions/facts).

#include <filesystem>

#include <fmt/format.h>

#include "common/utf8.hpp"
#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;

namespace {

RuleSet clinic() {
    return compile_ok(
        ilio::testing::read_file(std::string(ILIO_TEST_DATA_DIR) + "/render/clinic.ilio"));
}

std::string all_messages(const std::vector<FactProblem>& problems) {
    std::string out;
    for (const auto& p : problems) out += p.where + " " + p.fact + " " + p.message + "\n";
    return out;
}

}  // namespace

TEST_CASE("excerpt: short text whole, long text cut at a character with its length") {
    CHECK(detail::excerpt("knee") == "knee");
    CHECK(detail::excerpt("a\x01") == "a\\x01");
    std::string long_text(100, 'x');
    CHECK(detail::excerpt(long_text) == std::string(60, 'x') + "… (100 bytes)");
    // 59 ASCII bytes then a two-byte character: the character is not split.
    std::string accented = std::string(59, 'a') + "é" + std::string(10, 'b');
    CHECK(detail::excerpt(accented) == std::string(59, 'a') + "… (71 bytes)");
}

TEST_CASE("facts JSON: a huge string in a broken document is quoted as a short excerpt") {
    auto rules = clinic();
    auto result = read_facts_json(rules, R"({"pain": ")" + std::string(5'000'000, 'q'));
    REQUIRE_FALSE(result.ok());
    CHECK_THAT(result.errors[0].message, Catch::Contains("not valid JSON"));
    CHECK(result.errors[0].message.size() < 300);
}

TEST_CASE("facts JSON: a huge value or key is quoted as a short excerpt, not whole") {
    auto rules = clinic();
    const std::string huge(5'000'000, 'q');
    for (const auto& doc : {R"({"pain": ")" + huge + R"("})", R"({")" + huge + R"(": 1})",
                            R"({"flags": [")" + huge + R"("]})",
                            R"({"weeks": {"value": 2, "unit": ")" + huge + R"("}})",
                            R"({"knee": 1, "knee": 2, ")" + huge + R"(": 1})",
                            R"({")" + huge + R"(": 1, ")" + huge + R"(": 2})"}) {
        auto result = read_facts_json(rules, doc);
        REQUIRE_FALSE(result.ok());
        auto text = all_messages(result.errors) + render_fact_problems_json(result.errors);
        CHECK(text.size() < 2000);
        CHECK_THAT(text, Catch::Contains("(5000000 bytes)") || Catch::Contains("twice"));
    }
}

TEST_CASE("facts JSON: invalid UTF-8 in a value or key renders as escapes in JSON") {
    auto rules = clinic();
    for (std::string doc :
         {"{\"pain\": \"st\x92retch\"}", "{\"pa\x92in\": 1}", "{\"flags\": [\"fe\xffver\"]}"}) {
        auto result = read_facts_json(rules, doc);
        REQUIRE_FALSE(result.ok());
        auto json = render_fact_problems_json(result.errors);
        CHECK_THAT(json, Catch::Contains("ill-formed UTF-8"));
        CHECK_THAT(json, Catch::Contains("\\\\x92") || Catch::Contains("\\\\xFF"));
    }
}

TEST_CASE("facts JSON: a number beyond a double is one more non-finite value") {
    auto rules = clinic();
    auto strict = read_facts_json(rules, R"({"knee": 1e400, "weeks": 2})");
    REQUIRE_FALSE(strict.ok());
    REQUIRE(strict.errors.size() == 1);
    CHECK(strict.errors[0].where == "/knee");
    CHECK_THAT(strict.errors[0].message, Catch::Contains("`knee` must be a finite number"));

    // Lenient: 1e400 is treated as "NaN" is, the fact unknown and the others read.
    for (const char* bad : {"1e400", "-1e400", "\"NaN\"", "\"Infinity\""}) {
        auto lenient = read_facts_json(rules, fmt::format(R"({{"knee": {}, "weeks": 2}})", bad),
                                       FactsOptions{true});
        REQUIRE(lenient.ok());
        CHECK_FALSE(lenient.facts->known(*rules.find_fact("knee")));
        CHECK(lenient.facts->known(*rules.find_fact("weeks")));
        REQUIRE(lenient.facts->warnings().size() == 1);
        CHECK_THAT(lenient.facts->warnings()[0].message, Catch::Contains("treated as unknown"));
    }
    // Inside a quantity too.
    auto quantity = read_facts_json(rules, R"({"weeks": {"value": 1e999, "unit": "week"}})",
                                    FactsOptions{true});
    REQUIRE(quantity.ok());
    CHECK_FALSE(quantity.facts->known(*rules.find_fact("weeks")));
}

TEST_CASE("facts JSON: an unknown key is reported as unknown whatever its value") {
    auto rules = clinic();
    for (const char* value : {"1e400", "\"NaN\"", "[1]", "{}", "null", "true"}) {
        auto result = read_facts_json(rules, fmt::format(R"({{"kne": {}}})", value));
        REQUIRE_FALSE(result.ok());
        REQUIRE(result.errors.size() == 1);
        CHECK_THAT(result.errors[0].message, Catch::StartsWith("unknown fact `kne`"));
    }
}

TEST_CASE("facts JSON: a number beyond a double in a broken document is still located") {
    auto rules = clinic();
    auto result = read_facts_json(rules, R"({"knee": 1e400, "weeks": )");
    REQUIRE_FALSE(result.ok());
    CHECK_THAT(result.errors[0].where + result.errors[0].message, Catch::Contains("knee"));
}

TEST_CASE("fuzz regressions: facts inputs that once crashed are read and rendered") {
    const auto& rules = ilio::testing::psoas();
    int inputs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(ILIO_TEST_DATA_DIR) +
                                                                 "/fuzz/regressions/facts")) {
        auto text = ilio::testing::read_file(entry.path().string());
        for (bool lenient : {false, true}) {
            auto result = read_facts_json(rules, text, FactsOptions{lenient});
            CHECK((result.ok() || !result.errors.empty()));
            CHECK_NOTHROW(render_fact_problems_json(result.errors));
        }
        ++inputs;
    }
    CHECK(inputs > 0);
}
