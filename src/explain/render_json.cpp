// The JSON renderer and its reader, schema "ilio.explanation/2" (docs/explanation-schema.md).
// Both directions are written side by side so that they cannot drift apart.

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "ilio/explanation.hpp"
#include "ilio/facts.hpp"

namespace ilio {

namespace {

using json = nlohmann::ordered_json;

template <typename Enum, std::size_t N>
Enum parse_enum(const json& j, const Enum (&values)[N]) {
    auto text = j.get<std::string>();
    for (auto v : values)
        if (to_string(v) == text) return v;
    throw std::invalid_argument("unknown value \"" + text + "\"");
}

constexpr Truth truths[] = {Truth::false_, Truth::true_, Truth::unknown};
constexpr ConclusionStatus statuses[] = {ConclusionStatus::fired, ConclusionStatus::not_applicable,
                                         ConclusionStatus::unknown, ConclusionStatus::withheld,
                                         ConclusionStatus::out_of_population};
constexpr StepState states[] = {StepState::open, StepState::closed, StepState::undecided};
constexpr ConclusionKind kinds[] = {ConclusionKind::finding,  ConclusionKind::red_flag,
                                    ConclusionKind::caution,  ConclusionKind::recommendation,
                                    ConclusionKind::referral, ConclusionKind::escalation};
constexpr Urgency urgencies[] = {Urgency::info, Urgency::warning, Urgency::critical};

json to_json(const NamedRef& r) {
    return {{"name", r.name}, {"title", r.title}};
}
NamedRef named_ref(const json& j) {
    return {j.at("name"), j.at("title")};
}

constexpr TermKind term_kinds[] = {TermKind::constant,   TermKind::fact,       TermKind::criterion,
                                   TermKind::conclusion, TermKind::comparison, TermKind::between,
                                   TermKind::membership, TermKind::not_,       TermKind::all_of,
                                   TermKind::any_of,     TermKind::at_least,   TermKind::score,
                                   TermKind::held};
constexpr ValueType value_types[] = {ValueType::number, ValueType::integer, ValueType::boolean,
                                     ValueType::one_of, ValueType::set_of,  ValueType::date};

/// Kleene truth as JSON: true, false, or null for unknown.
json truth_json(Truth t) {
    return t == Truth::unknown ? json(nullptr) : json(t == Truth::true_);
}
Truth truth(const json& j) {
    if (j.is_null()) return Truth::unknown;
    return j.get<bool>() ? Truth::true_ : Truth::false_;
}

/// A value as JSON data: a number, a bool, a member name, an array of members, or null when
/// unknown; beside it its type, unit and the words the text renderers use.
json to_json(const TermValue& v) {
    json value;
    if (!v.known)
        value = nullptr;
    else if (v.type == ValueType::boolean)
        value = v.number != 0;
    else if (v.type == ValueType::one_of)
        value = v.members.empty() ? json(nullptr) : json(v.members.front());
    else if (v.type == ValueType::set_of)
        value = v.members;
    else if (v.type == ValueType::date)
        value = v.text;  // ISO 8601
    else
        value = v.number;
    json j = {{"value", value}, {"type", to_string(v.type)}};
    if (!v.unit.empty()) j["unit"] = v.unit;
    j["text"] = v.text;
    return j;
}
TermValue term_value(const json& j) {
    TermValue v;
    v.type = parse_enum(j.at("type"), value_types);
    v.text = j.at("text");
    if (j.contains("unit")) v.unit = j.at("unit");
    const auto& value = j.at("value");
    v.known = !value.is_null();
    if (v.type == ValueType::date && value.is_string()) {
        auto day = parse_date(value.get<std::string>());
        if (!day) throw std::invalid_argument("a date value that is not an ISO 8601 date");
        v.number = *day;
    } else if (value.is_boolean())
        v.number = value.get<bool>() ? 1 : 0;
    else if (value.is_number())
        v.number = value.get<double>();
    else if (value.is_string())
        v.members.push_back(value.get<std::string>());
    else if (value.is_array())
        v.members = value.get<std::vector<std::string>>();
    return v;
}

json to_json(const Term& t) {
    json j = {{"text", t.text},
              {"condition", t.condition},
              {"kind", to_string(t.kind)},
              {"value", truth_json(t.value)}};
    if (!t.node.empty()) j["node"] = t.node;
    if (!t.fact.empty()) j["fact"] = t.fact;
    if (!t.op.empty()) j["operator"] = t.op;
    if (t.actual) j["actual"] = to_json(*t.actual);
    if (!t.thresholds.empty()) {
        j["thresholds"] = json::array();
        for (const auto& th : t.thresholds) {
            json tj = {{"source", th.source}};
            if (!th.name.empty()) tj["name"] = th.name;
            tj.update(to_json(th.value));
            j["thresholds"].push_back(tj);
        }
    }
    if (!t.members.empty()) j["members"] = t.members;
    if (t.band) {
        j["borderline"] = {
            {"k", t.band->k}, {"error", t.band->error}, {"half_width", t.band->half_width}};
        if (!t.band->unit.empty()) j["borderline"]["unit"] = t.band->unit;
    }
    if (t.margin) {
        j["margin"] = {{"value", *t.margin}};
        if (!t.margin_unit.empty()) j["margin"]["unit"] = t.margin_unit;
    }
    j["facts"] = t.facts;
    if (!t.cite.empty()) j["cite"] = t.cite;
    if (!t.date.empty()) j["date"] = t.date;
    j["children"] = json::array();
    for (const auto& c : t.children) j["children"].push_back(to_json(c));
    return j;
}

json chain_json(const std::vector<NamedRef>& chain) {
    json out = json::array();
    for (const auto& link : chain) out.push_back(to_json(link));
    return out;
}

template <typename T>
json optional_json(const std::optional<T>& v) {
    return v ? to_json(*v) : json(nullptr);
}

Term term(const json& j) {
    Term t;
    t.text = j.at("text");
    t.condition = j.at("condition");
    t.kind = parse_enum(j.at("kind"), term_kinds);
    t.value = truth(j.at("value"));
    if (j.contains("node")) t.node = j.at("node");
    if (j.contains("fact")) t.fact = j.at("fact");
    if (j.contains("operator")) t.op = j.at("operator");
    if (j.contains("actual")) t.actual = term_value(j.at("actual"));
    if (j.contains("thresholds"))
        for (const auto& th : j.at("thresholds")) {
            TermThreshold out{th.at("source"), th.value("name", ""), term_value(th)};
            t.thresholds.push_back(std::move(out));
        }
    if (j.contains("members")) t.members = j.at("members").get<std::vector<std::string>>();
    if (j.contains("borderline")) {
        const auto& b = j.at("borderline");
        t.band = TermBand{b.at("k").get<double>(), b.at("error").get<double>(),
                          b.at("half_width").get<double>(), b.value("unit", "")};
    }
    if (j.contains("margin")) {
        t.margin = j.at("margin").at("value").get<double>();
        t.margin_unit = j.at("margin").value("unit", "");
    }
    t.facts = j.at("facts").get<std::vector<std::string>>();
    if (j.contains("cite")) t.cite = j.at("cite");
    if (j.contains("date")) t.date = j.at("date");
    for (const auto& c : j.at("children")) t.children.push_back(term(c));
    return t;
}

}  // namespace

std::string render_json(const Explanation& x, int indent) {
    json j;
    j["schema"] = explanation_schema;
    json overrides = json::array();
    for (const auto& o : x.overrides) overrides.push_back({{"name", o.name}, {"value", o.value}});
    j["audit"] = {{"rule_set", x.rule_set},
                  {"version", x.version},
                  {"title", x.title},
                  {"source_sha256", x.source_sha256},
                  {"engine_version", x.engine_version},
                  {"overrides", overrides}};
    j["conclusions"] = json::array();
    for (const auto& c : x.conclusions) {
        j["conclusions"].push_back(
            {{"name", c.name},
             {"title", c.title},
             {"kind", to_string(c.kind)},
             {"severity", to_string(c.urgency)},
             {"status", to_string(c.status)},
             {"step", optional_json(c.step)},
             {"cite", c.cite},
             {"because", c.status == ConclusionStatus::fired ? json(c.because) : json(nullptr)},
             {"dose", c.dose},
             {"derivation", to_json(c.derivation)},
             {"gate", optional_json(c.gate)},
             {"withheld_by", optional_json(c.withheld_by)},
             {"gate_chain", chain_json(c.gate_chain)},
             {"missing", c.missing}});
        // Present only when set, so explanations without populations read as before.
        auto& added = j["conclusions"].back();
        if (c.withheld_at) added["withheld_at"] = to_json(*c.withheld_at);
        if (c.excluded_by) added["excluded_by"] = to_json(*c.excluded_by);
        if (c.population) added["population"] = to_json(*c.population);
        if (!c.remeasure.empty()) added["remeasure"] = c.remeasure;
        if (c.by_cases)
            added["decided_by_cases"] = {{"facts", c.by_cases->facts},
                                         {"cases", c.by_cases->cases}};
    }
    j["steps"] = json::array();
    for (const auto& s : x.steps)
        j["steps"].push_back({{"name", s.name},
                              {"title", s.title},
                              {"state", to_string(s.state)},
                              {"closed_by", optional_json(s.closed_by)}});
    // Present only when the rule set has scores, so other explanations read as before.
    for (const auto& s : x.scores) {
        auto items = [](const std::vector<ScoreItem>& list) {
            json out = json::array();
            for (const auto& i : list)
                out.push_back({{"item", i.item}, {"least", i.least}, {"most", i.most}});
            return out;
        };
        j["scores"].push_back({{"name", s.name},
                               {"title", s.title},
                               {"value", s.value},
                               {"values", s.values},
                               {"counted", items(s.counted)},
                               {"open", items(s.open)}});
    }
    j["needed"] = json::array();
    for (const auto& n : x.needed) {
        json decides = json::array();
        for (const auto& d : n.would_decide) decides.push_back(to_json(d));
        j["needed"].push_back(
            {{"fact", n.fact}, {"ask", n.ask}, {"decides", n.decides}, {"would_decide", decides}});
        if (n.remeasure) {
            j["needed"].back()["remeasure"] = true;
            j["needed"].back()["reading"] = n.reading;
        }
    }
    j["warnings"] = json::array();
    for (const auto& w : x.warnings)
        j["warnings"].push_back({{"where", w.where}, {"fact", w.fact}, {"message", w.message}});
    return j.dump(indent);
}

Explanation read_explanation_json(std::string_view text) {
    try {
        json j = json::parse(text.begin(), text.end());
        const auto& schema = j.at("schema");
        if (schema == "ilio.explanation/1")
            throw std::invalid_argument(
                "an ilio.explanation/1 document is no longer read: its terms have only text; "
                "evaluate the patient again for an " +
                std::string(explanation_schema) + " document");
        if (schema != explanation_schema)
            throw std::invalid_argument("not an " + std::string(explanation_schema) + " document");
        Explanation x;
        const auto& audit = j.at("audit");
        x.rule_set = audit.at("rule_set");
        x.version = audit.at("version");
        x.title = audit.at("title");
        x.source_sha256 = audit.at("source_sha256");
        x.engine_version = audit.at("engine_version");
        for (const auto& o : audit.at("overrides"))
            x.overrides.push_back({o.at("name"), o.at("value")});
        for (const auto& c : j.at("conclusions")) {
            ExplainedConclusion e;
            e.name = c.at("name");
            e.title = c.at("title");
            e.kind = parse_enum(c.at("kind"), kinds);
            e.urgency = parse_enum(c.at("severity"), urgencies);
            e.status = parse_enum(c.at("status"), statuses);
            if (!c.at("step").is_null()) e.step = named_ref(c.at("step"));
            e.cite = c.at("cite");
            if (!c.at("because").is_null()) e.because = c.at("because");
            e.dose = c.at("dose");
            e.derivation = term(c.at("derivation"));
            if (!c.at("gate").is_null()) e.gate = term(c.at("gate"));
            if (!c.at("withheld_by").is_null()) e.withheld_by = named_ref(c.at("withheld_by"));
            for (const auto& link : c.at("gate_chain")) e.gate_chain.push_back(named_ref(link));
            e.missing = c.at("missing").get<std::vector<std::string>>();
            if (c.contains("withheld_at")) e.withheld_at = named_ref(c.at("withheld_at"));
            if (c.contains("excluded_by")) e.excluded_by = named_ref(c.at("excluded_by"));
            if (c.contains("population")) e.population = term(c.at("population"));
            if (c.contains("remeasure"))
                e.remeasure = c.at("remeasure").get<std::vector<std::string>>();
            if (c.contains("decided_by_cases"))
                e.by_cases = ExplainedConclusion::ByCases{
                    c.at("decided_by_cases").at("facts").get<std::vector<std::string>>(),
                    c.at("decided_by_cases").at("cases").get<std::vector<std::string>>()};
            x.conclusions.push_back(std::move(e));
        }
        for (const auto& s : j.at("steps")) {
            ExplainedStep e{s.at("name"), s.at("title"), parse_enum(s.at("state"), states), {}};
            if (!s.at("closed_by").is_null()) e.closed_by = named_ref(s.at("closed_by"));
            x.steps.push_back(std::move(e));
        }
        if (j.contains("scores"))
            for (const auto& s : j.at("scores")) {
                auto items = [](const json& list) {
                    std::vector<ScoreItem> out;
                    for (const auto& i : list)
                        out.push_back({i.at("item"), i.at("least"), i.at("most")});
                    return out;
                };
                x.scores.push_back({s.at("name"), s.at("title"), s.at("value"),
                                    s.at("values").get<std::vector<double>>(),
                                    items(s.at("counted")), items(s.at("open"))});
            }
        for (const auto& n : j.at("needed")) {
            NeededFact need{n.at("fact"), n.at("ask"), n.at("decides"), {}, false, {}};
            for (const auto& d : n.at("would_decide")) need.would_decide.push_back(named_ref(d));
            need.remeasure = n.value("remeasure", false);
            need.reading = n.value("reading", "");
            x.needed.push_back(std::move(need));
        }
        for (const auto& w : j.at("warnings"))
            x.warnings.push_back({w.at("where"), w.at("fact"), w.at("message")});
        return x;
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("not a valid ilio explanation: ") + e.what());
    }
}

}  // namespace ilio
