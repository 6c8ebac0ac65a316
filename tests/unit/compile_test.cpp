// parse → check → graph: what a compiled rule set holds, and how bad input is reported.

#include <filesystem>
#include <limits>
#include <random>

#include <fmt/format.h>

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::codes;
using ilio::testing::compile_ok;

namespace {

const char* const minimal = R"(
ruleset knee version "2.1.0" title "Knee check" source "a guide"
fact knee.flexion : number deg in [0, 160] "Knee flexion." ask "Measure knee flexion."
fact pain.site : one of {none, hip, knee} "Where it hurts." ask "Where does it hurt?"
param knee_normal = 80 deg "Normal flexion." cite "Kendall"
step assess "Step 1: Assess"
criterion knee_ok "Knee bends near 90" when knee.flexion >= knee_normal
  pass "bends enough" fail "bends too little" cite "Step 1, point 4"
finding short "Rectus femoris short" when not knee_ok
  because "knee flexion {knee.flexion} is below {knee_normal}" cite "Step 1, point 4"
red_flag hip "Hip pain" severity critical when pain.site = hip because "hip pain" cite "Step 2"
step treat "Step 3: Treat" requires not hip
recommend stretch "Stretch" when short because "stretch it" dose "30 s" cite "Step 3"
)";

}  // namespace

TEST_CASE("compile: a rule set exposes its header, declarations and hash") {
    auto rules = compile_ok(minimal);
    CHECK(rules.name() == "knee");
    CHECK(rules.version() == "2.1.0");
    CHECK(rules.title() == "Knee check");
    CHECK(rules.source() == "a guide");
    CHECK(rules.source_hash().size() == 64);
    REQUIRE(rules.facts().size() == 2);
    CHECK(rules.facts()[0].name == "knee.flexion");
    CHECK(rules.facts()[0].type == ValueType::number);
    CHECK(rules.facts()[0].unit == "deg");
    CHECK(*rules.facts()[0].minimum == 0);
    CHECK(*rules.facts()[0].maximum == 160);
    CHECK(rules.facts()[0].ask == "Measure knee flexion.");
    CHECK(rules.facts()[1].members == std::vector<std::string>{"none", "hip", "knee"});
    REQUIRE(rules.parameters().size() == 1);
    CHECK(rules.parameters()[0].value == 80);
    CHECK(rules.parameters()[0].unit == "deg");
    CHECK(rules.parameters()[0].cite == "Kendall");
    REQUIRE(rules.steps().size() == 2);
    CHECK(rules.steps()[1].gated);
    CHECK(rules.steps()[1].conclusions.size() == 1);
    REQUIRE(rules.conclusions().size() == 3);
    CHECK(rules.conclusions()[1].kind == ConclusionKind::red_flag);
    CHECK(rules.conclusions()[1].urgency == Urgency::critical);
    CHECK(rules.conclusions()[2].dose == "30 s");
    CHECK(*rules.conclusions()[2].step == 1u);
    CHECK(rules.find_conclusion("stretch") == 2u);
    CHECK_FALSE(rules.find_fact("nope"));
    CHECK(rules.to_dot().find("digraph") == 0);
}

TEST_CASE("compile: the hash is the SHA-256 of the text, and changes with it") {
    auto a = compile_ok(minimal);
    auto b = compile_ok(std::string(minimal) + "# a comment\n");
    CHECK(a.source_hash() != b.source_hash());
    CHECK(compile_ok(minimal).source_hash() == a.source_hash());
}

TEST_CASE("compile: declarations may appear in any order, and references point forwards") {
    auto rules = compile_ok(R"(
finding f "F" when c because "b" cite "x"
criterion c "C" when x.flag pass "p" fail "f" cite "x"
fact x.flag : bool "d" ask "a"
ruleset r version "1.0.0"
)");
    CHECK(rules.criteria().size() == 1);
}

TEST_CASE("compile: every file in rules/ compiles with no diagnostics") {
    int files = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(ILIO_SOURCE_DIR) + "/rules")) {
        if (entry.path().extension() != ".ilio") continue;
        ++files;
        auto result = load(entry.path());
        std::string rendered;
        for (const auto& d : result.diagnostics) rendered += render_diagnostic(d, result.source);
        INFO(entry.path().string() << "\n" << rendered);
        CHECK(result.ok());
        CHECK(result.diagnostics.empty());
    }
    CHECK(files >= 1);
}

TEST_CASE("render_diagnostics renders a file's diagnostics as render_diagnostic renders each") {
    // Errors, a warning, a note pointing back into the file and a multi-byte character before
    // a span: everything the one-at-a-time renderer quotes.
    auto result = compile(
        "ruleset r version \"1.0.0\" title \"r\"\n"
        "fact a : bool \"a\"\n"
        "fact a : bool \"a again\" ask \"a?\"\n"
        "criterion c \"café\" when undefined_name pass \"p\" fail \"f\" cite \"x\"\n");
    REQUIRE(result.diagnostics.size() >= 3);
    std::string one_at_a_time;
    for (const auto& d : result.diagnostics) one_at_a_time += render_diagnostic(d, result.source);
    CHECK(render_diagnostics(result.diagnostics, result.source) == one_at_a_time);
    CHECK(render_diagnostics(result.diagnostics, "") == [&] {
        std::string without_source;
        for (const auto& d : result.diagnostics) without_source += render_diagnostic(d, "");
        return without_source;
    }());
    CHECK(render_diagnostics({}, result.source).empty());
}

TEST_CASE("compile: units convert inside a dimension") {
    auto rules = compile_ok(R"(
ruleset u version "1.0.0"
unit kg : mass
unit g : mass = 0.001 kg
fact w : number kg in [0, 300] "w" ask "w"
fact d : number day in [0, 100] "d" ask "d"
fact l : number mm in [0, 1000] "l" ask "l"
criterion heavy "H" when w > 500 g and d >= 2 week and l < 8 cm pass "p" fail "f" cite "c"
)");
    Facts facts(rules);
    facts.set_number("w", 0.6);
    facts.set_number("d", 14);
    facts.set_number("l", 79.9);
    CHECK(rules.evaluate(facts).criterion(0) == Truth::true_);
    facts.set_number("l", 8, "cm");
    CHECK(rules.evaluate(facts).criterion(0) == Truth::false_);
}

TEST_CASE("compile: units may be declared in any order, in terms of each other") {
    auto rules = compile_ok(R"(
ruleset u version "1.0.0"
unit mg : mass = 0.001 g
unit g : mass = 0.001 kg
unit kg : mass
fact drug.amount : number mg in [0, 5000] "d" ask "d"
criterion big "B" when drug.amount > 2 g pass "p" fail "f" cite "c"
)");
    Facts facts(rules);
    facts.set_number("drug.amount", 0.0021, "kg");
    CHECK(rules.evaluate(facts).criterion(0) == Truth::true_);
    auto cycle = compile(R"(
ruleset u version "1.0.0"
unit a : mass = 2 b
unit b : mass = 2 a
)");
    CHECK(codes(cycle) == std::vector<std::string>{"E073", "E073"});
}

TEST_CASE("compile: parameter overrides are type- and unit-checked") {
    CompileOptions options;
    options.overrides = {{"knee_normal", "75 deg"}};
    auto rules = compile_ok(minimal, options);
    CHECK(rules.parameters()[0].value == 75);
    CHECK(rules.parameters()[0].overridden);

    options.overrides = {{"knee_normal", "1.5 rad"}};
    CHECK(codes(compile(minimal, options)) == std::vector<std::string>{"E081"});
    options.overrides = {{"knee_normal", "2 week"}};
    CHECK(codes(compile(minimal, options)) == std::vector<std::string>{"E081"});
    options.overrides = {{"knee_normal", "true"}};
    CHECK(codes(compile(minimal, options)) == std::vector<std::string>{"E081"});
    options.overrides = {{"knee_normal", "abc"}};
    CHECK(codes(compile(minimal, options)) == std::vector<std::string>{"E081"});
    options.overrides = {{"knee_norml", "80 deg"}};
    auto unknown = compile(minimal, options);
    REQUIRE(codes(unknown) == std::vector<std::string>{"E080"});
    CHECK(unknown.diagnostics[0].message.find("did you mean `knee_normal`") != std::string::npos);
}

TEST_CASE("compile: a file with several mistakes reports all of them") {
    auto result = compile(R"(ruleset r version "1.0.0"
fact a : number deg in [0, 10] "a" ask "a"
criterion one "1" when a < (3 deg pass "p"
criterion two "2" when a >> 3 deg
criterion three "3" when a < 3 deg pass "p" fail "f" cite "c"
finding four "4" when three and and three
)");
    CHECK(codes(result) == std::vector<std::string>{"E010", "E010", "E010"});
    CHECK(result.diagnostics[0].span.begin.line == 3);
    CHECK(result.diagnostics[1].span.begin.line == 4);
    CHECK(result.diagnostics[2].span.begin.line == 6);
    CHECK_FALSE(result.ok());
}

TEST_CASE("compile: syntax and semantic mistakes are reported in the same run") {
    auto result = compile(R"(ruleset r version "1.0.0"
fact n : number deg in [0, 90] "n" ask "n?"
criterion broken "B" when n < pass "p" fail "f" cite "c"
criterion units "U" when n > 5 week pass "p" fail "f" cite "c"
criterion range "R" when n > 500 deg pass "p" fail "f" cite "c"
finding uses_broken "F" when broken and zz because "b" cite "c"
)");
    // `broken` failed to parse, so using it is not "undefined"; `zz` is.
    CHECK(codes(result) == std::vector<std::string>{"E010", "E060", "E070", "E030"});
}

TEST_CASE("compile: diagnostics render with file, line, column, code and a caret") {
    auto result = compile("ruleset r version \"1.0.0\"\nfact a : number dg \"a\" ask \"a\"\n",
                          CompileOptions{"bad.ilio", {}});
    REQUIRE(result.diagnostics.size() >= 1);
    auto text = render_diagnostic(result.diagnostics[0], result.source);
    CHECK(text.find("bad.ilio:2:17: error[E032]: unknown unit `dg`") == 0);
    CHECK(text.find("    2 | fact a : number dg \"a\" ask \"a\"\n") != std::string::npos);
    CHECK(text.find("      |                 ^~\n") != std::string::npos);
}

TEST_CASE("the size limit is the caller's: text over CompileOptions::max_source_bytes is E002") {
    const std::string text = "ruleset r version \"1.0.0\" title \"r\"\n";
    CompileOptions options;
    options.file_name = "small.ilio";
    options.max_source_bytes = text.size();
    CHECK(compile(text, options).ok());  // at the limit: accepted
    options.max_source_bytes = text.size() - 1;
    auto refused = compile(text, options);
    REQUIRE(codes(refused) == std::vector<std::string>{"E002"});
    CHECK(refused.diagnostics[0].message ==
          fmt::format("file is {} bytes; rules files are limited to {} bytes: raise the limit "
                      "with --max-rules-bytes or CompileOptions::max_source_bytes",
                      text.size(), text.size() - 1));
    // Beyond what 32-bit source positions address, the limit is capped, not wrapped.
    options.max_source_bytes = std::numeric_limits<std::size_t>::max();
    CHECK(compile(text, options).ok());
}

TEST_CASE("bad input: empty, NUL, invalid UTF-8, oversize and deep nesting") {
    CHECK(codes(compile("")) == std::vector<std::string>{"E005"});
    CHECK(codes(compile("  \n# only a comment\n")) == std::vector<std::string>{"E005"});
    CHECK(codes(compile(std::string("ruleset r\0", 10))) == std::vector<std::string>{"E004"});
    CHECK(codes(compile("ruleset r version \"1.0.0\" title \"caf\xC3\"")) ==
          std::vector<std::string>{"E003"});
    CHECK(codes(compile("ruleset r version \"1.0.0\" title \"\xED\xA0\x80\"")) ==
          std::vector<std::string>{"E003"});  // an encoded surrogate is not UTF-8
    CHECK(compile("ruleset r version \"1.0.0\" title \"Psoas — café\"").ok());  // valid UTF-8
    CHECK(codes(compile(std::string(default_max_source_bytes + 1, ' '))) ==
          std::vector<std::string>{"E002"});

    std::string deep =
        "ruleset r version \"1.0.0\"\nfact a : bool \"a\" ask \"a\"\n"
        "criterion c \"c\" when " +
        std::string(100000, '(') + "a" + std::string(100000, ')') +
        " pass \"p\" fail \"f\" cite \"c\"\n";
    auto result = compile(deep);
    REQUIRE(codes(result) == std::vector<std::string>{"E006"});
    CHECK(result.diagnostics[0].message.find("256") != std::string::npos);

    std::string nested =
        "ruleset r version \"1.0.0\"\nfact a : bool \"a\" ask \"a\"\n"
        "criterion c \"c\" when " +
        std::string(200, '(') + "a" + std::string(200, ')') + " pass \"p\" fail \"f\" cite \"c\"\n";
    CHECK(compile(nested).ok());
}

TEST_CASE("bad input: binary garbage never crashes and always gets a diagnostic") {
    std::mt19937 random(12345);
    std::uniform_int_distribution<int> byte(0, 255), length(0, 4000);
    std::string alphabet = "ruleset fact when and or not ( ) { } [ ] , : = < > \" # 0 1.5 deg \n";
    for (int i = 0; i < 2000; ++i) {
        std::string text;
        int n = length(random);
        for (int k = 0; k < n; ++k)
            text += i % 2 ? static_cast<char>(byte(random))
                          : alphabet[static_cast<std::size_t>(byte(random)) % alphabet.size()];
        auto result = compile(text);
        CHECK((result.ok() || !result.diagnostics.empty()));
    }
}

TEST_CASE("compile: a byte order mark is ignored, and between is checked as an interval") {
    CHECK(compile("\xEF\xBB\xBFruleset r version \"1.0.0\"\n").ok());
    const char* rules = R"(ruleset r version "1.0.0"
fact x : number deg in [0, 90] "x" ask "x?"
param lo = 50 deg cite "c"
param hi = 60 deg cite "c"
criterion a "A" when x between -10 deg and 45 deg pass "p" fail "f" cite "c"
criterion b "B" when x between lo and hi pass "p" fail "f" cite "c"
)";
    CHECK(compile(rules).ok());  // an interval overlapping the range is fine
    CompileOptions reversed;
    reversed.overrides = {{"lo", "70 deg"}};
    CHECK(codes(compile(rules, reversed)) == std::vector<std::string>{"E071"});
    CompileOptions twice;
    twice.overrides = {{"lo", "40 deg"}, {"lo", "45 deg"}};
    CHECK(codes(compile(rules, twice)) == std::vector<std::string>{"E081"});
    auto outside =
        compile(std::string(rules) +
                R"(criterion c "C" when x between 91 deg and 95 deg pass "p" fail "f" cite "c")");
    CHECK(codes(outside) == std::vector<std::string>{"E070"});
}

TEST_CASE("load: an unreadable file is E001") {
    auto result = load("/nonexistent/rules.ilio");
    REQUIRE(codes(result) == std::vector<std::string>{"E001"});
    CHECK(result.diagnostics[0].file == "/nonexistent/rules.ilio");
}

TEST_CASE("year and month units: a year is 365.25 days, a month a twelfth of it", "[units]") {
    auto rules = ilio::testing::compile_ok(R"(
ruleset ages version "1.0.0"
fact age : number year in [0, 130] "Age." ask "Age?"
fact since : number day in [0, 10000] "Days since." ask "Since?"
criterion adult "Adult" when age >= 18 year pass "p" fail "f" cite "c"
criterion recent "Within six months" when since <= 6 month pass "p" fail "f" cite "c"
)");
    Facts facts(rules);
    facts.set_number("age", 18 * 365.25, "day");
    facts.set_number("since", 182.625);  // 6 months exactly
    auto e = rules.evaluate(facts);
    CHECK(e.criterion(*rules.find_criterion("adult")) == Truth::true_);
    CHECK(e.criterion(*rules.find_criterion("recent")) == Truth::true_);
    facts.set_number("age", 18 * 365.25 - 1, "day");
    facts.set_number("since", 183);
    e = rules.evaluate(facts);
    CHECK(e.criterion(*rules.find_criterion("adult")) == Truth::false_);
    CHECK(e.criterion(*rules.find_criterion("recent")) == Truth::false_);
}

TEST_CASE("fuzz regressions: rules inputs that once crashed or hung compile to clean errors") {
    int inputs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(ILIO_TEST_DATA_DIR) +
                                                                 "/fuzz/regressions/compile")) {
        INFO(entry.path().string());
        auto text = ilio::testing::read_file(entry.path().string());
        auto result = compile(text);
        if (!result.ok()) {
            CHECK(std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                              [](const Diagnostic& d) { return d.severity == Severity::error; }));
        }
        CHECK_NOTHROW(render_diagnostics(result.diagnostics, result.source));
        ++inputs;
    }
    CHECK(inputs >= 3);
}
