// The JSON renderer writes a criterion's term once per document and copies it where the same
// term comes again (another conclusion's tree reading the same criterion): the document must be
// the one written term by term. Pretty output copies nothing (its bytes depend on depth), so
// the compact document must parse to the same JSON as the pretty one.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace ilio;
using json = nlohmann::ordered_json;

namespace {

Explanation explained_patient(const std::string& name) {
    const auto& rules = ilio::testing::psoas();
    auto facts =
        read_facts_json(rules, ilio::testing::read_file(std::string(ILIO_SOURCE_DIR) +
                                                        "/examples/patients/" + name + ".json"));
    REQUIRE(facts.ok());
    return explain(rules.evaluate(*facts.facts), *facts.facts);
}

/// Every criterion term with children in the conclusions' condition trees, in document order.
std::vector<Term*> criterion_terms(Explanation& x) {
    std::vector<Term*> out;
    std::function<void(Term&)> walk = [&](Term& t) {
        if (t.kind == TermKind::criterion && !t.children.empty()) out.push_back(&t);
        for (auto& c : t.children) walk(c);
    };
    for (auto& c : x.conclusions) walk(c.derivation);
    return out;
}

/// The JSON of every term with this text, in document order.
std::vector<json> terms_with_text(const json& doc, const std::string& text) {
    std::vector<json> out;
    std::function<void(const json&)> walk = [&](const json& j) {
        if (j.is_object() && j.contains("text") && j["text"] == text) out.push_back(j);
        if (j.is_object() || j.is_array())
            for (const auto& v : j) walk(v);
    };
    walk(doc);
    return out;
}

}  // namespace

TEST_CASE("JSON explanation: a criterion read by several trees is written whole in each") {
    for (const char* patient : {"02-short-iliopsoas", "07-incomplete-assessment"}) {
        INFO(patient);
        auto x = explained_patient(patient);
        auto terms = criterion_terms(x);
        // The property this guards: some criterion is derived in more than one tree.
        std::map<std::string, int> seen;
        int repeated = 0;
        for (const auto* t : terms) repeated += seen[t->node]++ > 0;
        REQUIRE(repeated > 10);
        CHECK(json::parse(render_json(x)) == json::parse(render_json(x, 2)));
    }
}

TEST_CASE("JSON explanation: a criterion derived differently in a later tree is written as it is") {
    auto x = explained_patient("02-short-iliopsoas");
    auto terms = criterion_terms(x);
    // The last occurrence of a criterion derived in several trees: change its derivation (as a
    // tree showing a criterion beneath it once, above, or a held period at an earlier visit
    // derives it differently).
    Term* later = nullptr;
    for (std::size_t i = 1; i < terms.size() && !later; ++i)
        for (std::size_t k = 0; k < i; ++k)
            if (terms[k]->node == terms[i]->node && *terms[k] == *terms[i]) later = terms[i];
    REQUIRE(later != nullptr);
    Term* leaf = later;
    while (!leaf->children.empty()) leaf = &leaf->children.back();
    leaf->text = "changed in this tree alone";
    auto compact = json::parse(render_json(x));
    CHECK(compact == json::parse(render_json(x, 2)));
    CHECK(terms_with_text(compact, "changed in this tree alone").size() == 1);
    // What one document wrote is not copied into the next: another patient in between, then
    // this one again.
    auto other = explained_patient("07-incomplete-assessment");
    CHECK(json::parse(render_json(other)) == json::parse(render_json(other, 2)));
    CHECK(json::parse(render_json(x)) == compact);
}
