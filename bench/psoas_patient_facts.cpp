#include "psoas_patient_facts.hpp"

#include <array>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ilio::bench::psoas_floor {

namespace {

constexpr std::array<std::string_view, 2> side_names = {"left", "right"};
constexpr std::array<std::string_view, 5> pain_names = {"none", "upper_thigh_stretch", "hip",
                                                        "knee", "groin"};
constexpr std::array<std::string_view, 3> rotation_names = {"neutral", "external", "internal"};
constexpr std::array<std::string_view, 4> labral_names = {"clicking", "locking", "catching",
                                                          "giving_way"};
constexpr std::array<std::string_view, 3> leg_neuro_names = {"numbness", "tingling", "weakness"};
constexpr std::array<std::string_view, 10> red_flag_names = {"fever",
                                                             "night_pain",
                                                             "weight_loss",
                                                             "cancer_history",
                                                             "recent_trauma",
                                                             "cannot_bear_weight",
                                                             "saddle_anaesthesia",
                                                             "bladder_bowel_change",
                                                             "bilateral_leg_symptoms",
                                                             "pulsating_abdominal_mass"};
constexpr std::array<std::string_view, 8> contraindication_names = {
    "known_aneurysm",           "pregnancy",
    "recent_abdominal_surgery", "hernia",
    "acute_abdominal_pain",     "inflammatory_bowel_disease",
    "anticoagulation",          "bleeding_disorder"};
constexpr std::array<std::string_view, 4> aneurysm_profile_names = {
    "older_age", "smoker", "vascular_disease", "high_blood_pressure"};

/// The members a bit mask holds, by bit in declaration order.
template <std::size_t N>
std::vector<std::string_view> members_of(unsigned bits,
                                         const std::array<std::string_view, N>& names) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < N; ++i)
        if (bits & (1u << i)) out.push_back(names[i]);
    return out;
}

std::string per_side(std::string_view fact, int side) {
    return std::string(fact) + "." + std::string(side_names[side]);
}

/// Visits every fact of the patient once, by name, with a sink for each kind of value; shared by
/// the two conversions so that they cannot name a fact differently.
template <typename Sink>
void for_each_fact(const Patient& p, Sink&& sink) {
    for (int s : {left, right}) {
        const ThomasTest& t = p.thomas[s];
        sink.boolean(per_side("thomas.low_back_flat", s), t.low_back_flat);
        sink.number(per_side("thomas.thigh_angle", s), t.thigh_angle);
        sink.member(per_side("thomas.pain", s), pain_names[static_cast<int>(t.pain)]);
        sink.member(per_side("thomas.thigh_rotation", s),
                    rotation_names[static_cast<int>(t.thigh_rotation)]);
        sink.number(per_side("thomas.hip_abduction", s), t.hip_abduction);
        sink.number(per_side("thomas.knee_flexion", s), t.knee_flexion);
    }
    sink.boolean("history.felt_tightness", p.felt_tightness);
    sink.boolean("posture.anterior_pelvic_tilt", p.anterior_pelvic_tilt);
    sink.members("hip.labral_signs", members_of(p.labral_signs, labral_names));
    sink.boolean("hip.groin_pain", p.groin_pain);
    sink.boolean("hip.fadir_positive", p.fadir_positive);
    sink.boolean("lumbar.pain_below_knee", p.pain_below_knee);
    sink.boolean("lumbar.slr_leg_pain", p.slr_leg_pain);
    sink.number("lumbar.slr_angle", p.slr_angle);
    sink.members("lumbar.leg_neuro", members_of(p.leg_neuro, leg_neuro_names));
    sink.boolean("si.distraction", p.si_distraction);
    sink.boolean("si.thigh_thrust", p.si_thigh_thrust);
    sink.boolean("si.compression", p.si_compression);
    sink.boolean("si.sacral_thrust", p.si_sacral_thrust);
    sink.boolean("si.gaenslen", p.si_gaenslen);
    sink.boolean("exam.compensation_elsewhere", p.compensation_elsewhere);
    sink.boolean("nerve.thigh_burning_numbness", p.thigh_burning_numbness);
    sink.boolean("nerve.quadriceps_weakness", p.quadriceps_weakness);
    sink.boolean("nerve.knee_reflex_reduced", p.knee_reflex_reduced);
    sink.members("history.red_flags", members_of(p.red_flags, red_flag_names));
    sink.members("abdomen.contraindications",
                 members_of(p.abdomen_contraindications, contraindication_names));
    sink.members("abdomen.aneurysm_profile",
                 members_of(p.aneurysm_profile, aneurysm_profile_names));
    sink.integer("history.symptom_weeks", p.symptom_weeks);
    sink.boolean("bridge.low_back_discomfort", p.bridge_low_back_discomfort);
    sink.boolean("program.steps_followed", p.steps_followed);
    sink.integer("program.tightness", p.tightness);
}

FactIndex fact_index(const RuleSet& rules, std::string_view name) {
    if (auto f = rules.find_fact(name)) return *f;
    throw FactError("the rule set has no fact " + std::string(name));
}

struct FactsSink {
    const RuleSet& rules;
    Facts& facts;
    void boolean(std::string_view name, bool value) {
        facts.set_bool(fact_index(rules, name), value);
    }
    void number(std::string_view name, double value) {
        facts.set_number(fact_index(rules, name), value);
    }
    void integer(std::string_view name, int value) { number(name, value); }
    void member(std::string_view name, std::string_view value) {
        facts.set_enum(fact_index(rules, name), value);
    }
    void members(std::string_view name, const std::vector<std::string_view>& values) {
        facts.set_members(fact_index(rules, name), std::span<const std::string_view>(values));
    }
};

struct JsonSink {
    nlohmann::ordered_json& facts;
    void boolean(std::string_view name, bool value) { facts[std::string(name)] = value; }
    void number(std::string_view name, double value) { facts[std::string(name)] = value; }
    void integer(std::string_view name, int value) { facts[std::string(name)] = value; }
    void member(std::string_view name, std::string_view value) { facts[std::string(name)] = value; }
    void members(std::string_view name, const std::vector<std::string_view>& values) {
        auto& list = facts[std::string(name)] = nlohmann::ordered_json::array();
        for (auto v : values) list.push_back(v);
    }
};

}  // namespace

Facts to_facts(const RuleSet& rules, const Patient& patient) {
    Facts facts(rules);
    facts.date_visit(*parse_date(visit_date));
    for_each_fact(patient, FactsSink{rules, facts});
    return facts;
}

std::string to_facts_json(const Patient& patient) {
    nlohmann::ordered_json facts = nlohmann::ordered_json::object();
    for_each_fact(patient, JsonSink{facts});
    nlohmann::ordered_json visit;
    visit["date"] = visit_date;
    visit["facts"] = std::move(facts);
    nlohmann::ordered_json document;
    document["visits"] = nlohmann::ordered_json::array({std::move(visit)});
    return document.dump(2);
}

}  // namespace ilio::bench::psoas_floor
