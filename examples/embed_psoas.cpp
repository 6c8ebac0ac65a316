// Embedding ilio: load a rule set once, build one patient's facts in code, evaluate, and act on
// the conclusions. Usage: embed_psoas RULES_FILE
#include <iostream>

#include <ilio/ilio.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: embed_psoas rules/psoas_release.ilio\n";
        return 2;
    }
    auto compiled = ilio::load(argv[1]);
    for (const auto& d : compiled.diagnostics)
        std::cerr << ilio::render_diagnostic(d, compiled.source);
    if (!compiled.ok()) return 1;
    const ilio::RuleSet& rules = *compiled.rule_set;

    // A patient with a valid Thomas test of the left leg whose knee stays straighter than 80
    // degrees. Facts declared `per side` are named with the side.
    ilio::Facts facts(rules);
    try {
        facts.set_bool("thomas.low_back_flat.left", true);
        facts.set_number("thomas.thigh_angle.left", -15);         // degrees, the declared unit
        facts.set_number("thomas.knee_flexion.left", 6.5, "cm");  // wrong dimension: rejected below
    } catch (const ilio::FactError& e) {
        std::cout << "rejected: " << e.what() << "\n";
    }
    facts.set_number("thomas.knee_flexion.left", 65);
    facts.set_enum("thomas.pain.left", "upper_thigh_stretch");
    facts.set_members("history.red_flags", {});

    ilio::Evaluation
        evaluation;  // reuse this buffer across patients: no allocation after the first
    rules.evaluate(facts, evaluation);

    for (ilio::ConclusionIndex c = 0; c < rules.conclusions().size(); ++c) {
        if (evaluation.status(c) != ilio::ConclusionStatus::fired) continue;
        const auto& info = rules.conclusions()[c];
        std::cout << "fired: " << ilio::to_string(info.kind) << " " << info.name << " — "
                  << info.title << "\n";
    }
    if (!evaluation.needed().empty())
        std::cout << "ask next: " << rules.facts()[evaluation.needed().front()].ask << "\n";
    std::cout << "audit: " << evaluation.audit().rule_set_name << " "
              << evaluation.audit().rule_set_version << " sha256 "
              << evaluation.audit().source_hash.substr(0, 12) << " engine "
              << evaluation.audit().engine_version << "\n";
    return 0;
}
