// The decision graph: DOT labels show texts as written, and the laid-out steps read in the
// guide's order.

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <regex>

#include <filesystem>
#include <set>

#include "program/program.hpp"
#include "random_rules.hpp"
#include "report/decision_graph_dot.hpp"
#include "test_support.hpp"

using namespace ilio;

namespace {

/// The text of an SVG document as a reader sees it: tags dropped, entities decoded.
std::string svg_text(const std::string& svg) {
    std::string out;
    for (std::size_t i = 0; i < svg.size();) {
        if (svg[i] == '<') {
            i = svg.find('>', i);
            if (i == std::string::npos) break;
            ++i;
            out += '\n';
            continue;
        }
        if (svg[i] == '&') {
            auto end = svg.find(';', i);
            REQUIRE(end != std::string::npos);
            auto entity = svg.substr(i + 1, end - i - 1);
            static const std::map<std::string, std::string> named{
                {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}};
            if (entity[0] == '#') {
                auto code = entity[1] == 'x' ? std::stoul(entity.substr(2), nullptr, 16)
                                             : std::stoul(entity.substr(1));
                REQUIRE(code < 128);  // the hostile texts are ASCII
                out += static_cast<char>(code);
            } else {
                REQUIRE(named.count(entity) == 1);
                out += named.at(entity);
            }
            i = end + 1;
            continue;
        }
        out += svg[i++];
    }
    return out;
}

struct Box {
    double left = std::numeric_limits<double>::max();
    double right = std::numeric_limits<double>::lowest();
};

/// Each cluster's horizontal extent in Graphviz's SVG: a <g class="cluster"> with its
/// <title> and the polygon of its box.
std::map<std::string, Box> cluster_boxes(const std::string& svg) {
    std::map<std::string, Box> out;
    static const std::regex cluster(
        R"re(<g id="[^"]*" class="cluster">\s*<title>([^<]*)</title>\s*<polygon[^>]* points="([^"]*)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), cluster);
         it != std::sregex_iterator(); ++it) {
        Box box;
        std::string points = (*it)[2];
        static const std::regex point(R"((-?[0-9.]+),(-?[0-9.]+))");
        for (auto p = std::sregex_iterator(points.begin(), points.end(), point);
             p != std::sregex_iterator(); ++p) {
            double x = std::stod((*p)[1]);
            box.left = std::min(box.left, x);
            box.right = std::max(box.right, x);
        }
        out[(*it)[1]] = box;
    }
    return out;
}

Explanation explain_patient(const RuleSet& rules, const std::string& facts_json) {
    auto facts = read_facts_json(rules, facts_json);
    REQUIRE(facts.ok());
    return explain(rules.evaluate(*facts.facts), *facts.facts);
}

}  // namespace

TEST_CASE("dot_quote: quotes, backslashes and line breaks cannot end or bend a DOT string") {
    using report::dot_quote;
    CHECK(dot_quote("plain") == "\"plain\"");
    CHECK(dot_quote("say \"hi\"") == R"("say \"hi\"")");
    CHECK(dot_quote(R"(back\slash \N \G \l \)") == R"("back\\slash \\N \\G \\l \\")");
    CHECK(dot_quote("{braces} <tag> [x] |pipe|") == "\"{braces} <tag> [x] |pipe|\"");
    CHECK(dot_quote("two\nlines\r\n") == "\"two lines  \"");
    CHECK(dot_quote("") == "\"\"");
}

TEST_CASE("DOT labels from hostile rules and facts show as written once laid out") {
    // Every text a rule author or a facts document controls, with what DOT, Graphviz's escapes
    // and XML treat specially.
    auto rules = ilio::testing::compile_ok(R"RULES(ruleset hostile version "1.0.0" title "T"
fact pain : one of {none, hip} "Pain." ask "Ask?"
fact x : bool "X." ask "X?"
step first "Step {1}: \"quoted\" back\\slash \\N <b>bold</b> </svg> & more"
red_flag hip "Hip {x} | y \"q\" \\G <i>it</i>\nsecond line" severity critical
  when pain = hip and not x
  because "b" cite "c"
recommend rest "Rest <script>alert(1)</script> \\" when pain = none because "r" cite "c"
)RULES");
    auto patient = explain_patient(rules, R"({"pain": "hip", "x": false})");
    for (const Explanation* x : std::array<const Explanation*, 2>{nullptr, &patient}) {
        auto dot = render_graph(rules, x, GraphFormat::dot);
        CHECK_THAT(dot,
                   Catch::Contains(
                       R"(label="Step {1}: \"quoted\" back\\slash \\N <b>bold</b> </svg> & more)"));
        CHECK_THAT(dot, Catch::Contains(R"(Hip {x} | y \"q\" \\G <i>it</i> second line)"));
        CHECK_THAT(dot, Catch::Contains(R"(Rest <script>alert(1)</script> \\)"));
        auto text = svg_text(render_graph(rules, x, GraphFormat::svg));
        CHECK_THAT(text, Catch::Contains("Step {1}: \"quoted\" back\\slash \\N <b>bold</b> "
                                         "</svg> & more"));
        CHECK_THAT(text, Catch::Contains("Hip {x} | y \"q\" \\G <i>it</i> second line"));
        CHECK_THAT(text, Catch::Contains("Rest <script>alert(1)</script> \\"));
    }
    // The negated reference is drawn as one: labelled `not` with a tee head.
    auto dot = render_graph(rules, &patient, GraphFormat::dot);
    CHECK_THAT(dot, Catch::Matches(
                        R"([\s\S]*fact_1 -> concl_0 \[label="not · and", arrowhead=tee[\s\S]*)"));
}

TEST_CASE("the laid-out steps read left to right in the guide's order") {
    const auto& rules = ilio::testing::psoas();
    auto patient = explain_patient(
        rules, ilio::testing::read_file(std::string(ILIO_SOURCE_DIR) +
                                        "/examples/patients/02-short-iliopsoas.json"));
    for (const Explanation* x : std::array<const Explanation*, 2>{nullptr, &patient}) {
        auto boxes = cluster_boxes(render_graph(rules, x, GraphFormat::svg));
        REQUIRE(rules.steps().size() >= 7);
        for (std::size_t s = 0; s + 1 < rules.steps().size(); ++s) {
            auto here = "cluster_step_" + std::to_string(s);
            auto next = "cluster_step_" + std::to_string(s + 1);
            REQUIRE(boxes.count(here) == 1);
            REQUIRE(boxes.count(next) == 1);
            INFO(here << " spans " << boxes[here].left << ".." << boxes[here].right << ", " << next
                      << " " << boxes[next].left << ".." << boxes[next].right);
            CHECK(boxes[here].right <= boxes[next].left);
        }
    }
}

TEST_CASE("a graph laid out again in the same process comes out the same") {
    // Graphviz orders subgraphs by object ID; IDs that depended on memory addresses gave a
    // report's later graphs other layouts than the same graph drawn first.
    const auto& rules = ilio::testing::psoas();
    auto first = render_graph(rules, nullptr, GraphFormat::svg);
    auto patient = explain_patient(
        rules, ilio::testing::read_file(std::string(ILIO_SOURCE_DIR) +
                                        "/examples/patients/05-hip-pain-during-test.json"));
    for (int i = 0; i < 3; ++i) {
        CHECK(render_graph(rules, &patient, GraphFormat::svg).find("<svg") == 0);
        CHECK(render_graph(rules, nullptr, GraphFormat::svg) == first);
    }
    CHECK_THAT(first, Catch::Contains("<title>concl_0</title>"));
}

namespace {

/// Every node below `n` (children, theirs, and so on), found by following the children.
void collect_subtree(const detail::Program& p, std::uint32_t n, std::set<std::uint32_t>& out) {
    out.insert(n);
    const auto& node = p.eval_nodes[n];
    for (std::uint32_t k = 0; k < node.child_count; ++k)
        collect_subtree(p, p.children[node.first_child + k], out);
}

/// Program::subtree_begin must name exactly a node's subtree where it names more than the node:
/// the open parts' walk skips [subtree_begin, node] of a closed node, so a wrong range would
/// lose the facts an open node below it reads.
void check_subtrees(const RuleSet& rules, const std::string& name) {
    const auto& p = rules.program();
    REQUIRE(p.subtree_begin.size() == p.eval_nodes.size());
    std::size_t contiguous = 0;
    for (std::uint32_t n = 0; n < p.eval_nodes.size(); ++n) {
        std::set<std::uint32_t> below;
        collect_subtree(p, n, below);
        INFO(name << ": node " << n);
        if (p.subtree_begin[n] == n) continue;
        ++contiguous;
        CHECK(below.size() == n - p.subtree_begin[n] + 1);
        CHECK(*below.begin() == p.subtree_begin[n]);
        CHECK(*below.rbegin() == n);
    }
    CHECK(contiguous > 0);
}

}  // namespace

TEST_CASE("each node's subtree is where the program says it lies") {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(ILIO_SOURCE_DIR) + "/rules")) {
        if (entry.path().extension() != ".ilio") continue;
        auto result = load(entry.path());
        REQUIRE(result.ok());
        check_subtrees(*result.rule_set, entry.path().filename().string());
    }
    int rule_sets = 0;
    for (unsigned seed = 1; seed <= 60; ++seed) {
        auto compiled = compile(ilio::testing::RandomRules(seed).rules());
        if (!compiled.ok()) continue;  // e.g. a comparison the checker rejects
        ++rule_sets;
        check_subtrees(*compiled.rule_set, "random rule set " + std::to_string(seed));
    }
    CHECK(rule_sets > 30);
}
