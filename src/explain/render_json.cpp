// The JSON renderer and its reader, schema "ilio.explanation/2" (docs/explanation-schema.md).
// Both directions are written side by side so that they cannot drift apart: the writer streams
// (common/json_writer.hpp), the reader goes through nlohmann::json.

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/json_writer.hpp"
#include "explain/full_detail.hpp"
#include "ilio/explanation.hpp"
#include "ilio/facts.hpp"
#include "program/name_index.hpp"

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

constexpr ConclusionStatus statuses[] = {ConclusionStatus::fired, ConclusionStatus::not_applicable,
                                         ConclusionStatus::unknown, ConclusionStatus::withheld,
                                         ConclusionStatus::out_of_population};
constexpr StepState states[] = {StepState::open, StepState::closed, StepState::undecided};
constexpr ConclusionKind kinds[] = {ConclusionKind::finding,  ConclusionKind::red_flag,
                                    ConclusionKind::caution,  ConclusionKind::recommendation,
                                    ConclusionKind::referral, ConclusionKind::escalation};
constexpr Urgency urgencies[] = {Urgency::info, Urgency::warning, Urgency::critical};

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

Truth truth(const json& j) {
    if (j.is_null()) return Truth::unknown;
    return j.get<bool>() ? Truth::true_ : Truth::false_;
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

/// The criterion terms one document has written, by criterion, with where their bytes lie.
/// The schema states each conclusion's tree whole, so a criterion that many conclusions read is
/// derived again in each tree (two thirds of the psoas rules' derivation bytes): a later term
/// equal to the one written is copied from it rather than written again. Open addressing over
/// slots kept from document to document (one table per thread): a batch allocates nothing.
class WrittenTerms {
  public:
    struct Entry {
        std::string_view node;
        const Term* term = nullptr;  // the term written first, or none yet
        std::size_t begin = 0, end = 0;
        std::uint32_t document = 0;  // the entry is of this document when it is document_
    };

    /// Forgets every entry: a new document.
    void clear() {
        if (++document_ == 0) {  // after 2^32 documents, the oldest numbers come round again
            for (auto& e : slots_) e.document = 0;
            document_ = 1;
        }
        used_ = 0;
    }

    /// The entry for criterion `node`, empty (no term) the first time in a document. Valid
    /// until the next call: the table may grow.
    Entry& at(std::string_view node) {
        if (2 * (used_ + 1) > slots_.size()) grow();
        Entry& e = slots_[slot(node)];
        if (e.document != document_) {
            e = Entry{node, nullptr, 0, 0, document_};
            ++used_;
        }
        return e;
    }

  private:
    std::size_t slot(std::string_view node) const {
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = detail::name_hash(node) & mask;; i = (i + 1) & mask)
            if (slots_[i].document != document_ || slots_[i].node == node) return i;
    }

    void grow() {
        std::vector<Entry> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(64, 2 * old.size()), Entry{});
        for (const auto& e : old)
            if (e.document == document_) slots_[slot(e.node)] = e;
    }

    std::vector<Entry> slots_;  // a power of two, at most half full
    std::uint32_t document_ = 1;
    std::size_t used_ = 0;
};

/// Writes an explanation as JSON, member by member in the schema's order, straight into the
/// output: no document tree (nlohmann's cost about 1 µs per member of a 180 KB explanation).
class ExplanationWriter {
  public:
    /// `written`: where criterion terms already written are copied from; none for pretty
    /// output, whose bytes depend on the depth they are written at.
    ExplanationWriter(std::string& out, int indent, WrittenTerms* written)
        : w_(out, indent), written_(written) {}

    void explanation(const Explanation& x) {
        w_.begin_object();
        w_.member("schema", explanation_schema);
        w_.key("audit");
        w_.begin_object();
        w_.member("rule_set", x.rule_set);
        w_.member("version", x.version);
        w_.member("title", x.title);
        w_.member("source_sha256", x.source_sha256);
        w_.member("engine_version", x.engine_version);
        w_.key("overrides");
        w_.begin_array();
        for (const auto& o : x.overrides) {
            w_.begin_object();
            w_.member("name", o.name);
            w_.member("value", o.value);
            w_.end_object();
        }
        w_.end_array();
        w_.end_object();
        w_.key("conclusions");
        w_.begin_array();
        for (const auto& c : x.conclusions) conclusion(c);
        w_.end_array();
        w_.key("steps");
        w_.begin_array();
        for (const auto& s : x.steps) {
            w_.begin_object();
            w_.member("name", s.name);
            w_.member("title", s.title);
            w_.member("state", to_string(s.state));
            w_.key("closed_by");
            optional_ref(s.closed_by);
            w_.end_object();
        }
        w_.end_array();
        // Present only when the rule set has scores, so other explanations read as before.
        if (!x.scores.empty()) {
            w_.key("scores");
            w_.begin_array();
            for (const auto& s : x.scores) score(s);
            w_.end_array();
        }
        w_.key("needed");
        w_.begin_array();
        for (const auto& n : x.needed) {
            w_.begin_object();
            w_.member("fact", n.fact);
            w_.member("ask", n.ask);
            w_.key("decides");
            w_.integer(n.decides);
            w_.key("would_decide");
            w_.begin_array();
            for (const auto& d : n.would_decide) ref(d);
            w_.end_array();
            if (n.remeasure) {
                w_.key("remeasure");
                w_.boolean(true);
                w_.member("reading", n.reading);
            }
            w_.end_object();
        }
        w_.end_array();
        w_.key("warnings");
        w_.begin_array();
        for (const auto& warning : x.warnings) {
            w_.begin_object();
            w_.member("where", warning.where);
            w_.member("fact", warning.fact);
            w_.member("message", warning.message);
            w_.end_object();
        }
        w_.end_array();
        w_.end_object();
    }

  private:
    void ref(const NamedRef& r) {
        w_.begin_object();
        w_.member("name", r.name);
        w_.member("title", r.title);
        w_.end_object();
    }
    void optional_ref(const std::optional<NamedRef>& r) {
        if (r)
            ref(*r);
        else
            w_.null();
    }

    void conclusion(const ExplainedConclusion& c) {
        w_.begin_object();
        w_.member("name", c.name);
        w_.member("title", c.title);
        w_.member("kind", to_string(c.kind));
        w_.member("severity", to_string(c.urgency));
        w_.member("status", to_string(c.status));
        w_.key("step");
        optional_ref(c.step);
        w_.member("cite", c.cite);
        w_.key("because");
        if (c.status == ConclusionStatus::fired)
            w_.string(c.because);
        else
            w_.null();
        w_.member("dose", c.dose);
        w_.key("derivation");
        term(c.derivation);
        w_.key("gate");
        if (c.gate)
            term(*c.gate);
        else
            w_.null();
        w_.key("withheld_by");
        optional_ref(c.withheld_by);
        w_.key("gate_chain");
        w_.begin_array();
        for (const auto& link : c.gate_chain) ref(link);
        w_.end_array();
        w_.key("missing");
        w_.strings(c.missing);
        // Present only when set, so explanations without populations read as before.
        if (c.withheld_at) {
            w_.key("withheld_at");
            ref(*c.withheld_at);
        }
        if (c.excluded_by) {
            w_.key("excluded_by");
            ref(*c.excluded_by);
        }
        if (c.population) {
            w_.key("population");
            term(*c.population);
        }
        if (!c.remeasure.empty()) {
            w_.key("remeasure");
            w_.strings(c.remeasure);
        }
        if (c.by_cases) {
            w_.key("decided_by_cases");
            w_.begin_object();
            w_.key("facts");
            w_.strings(c.by_cases->facts);
            w_.key("cases");
            w_.strings(c.by_cases->cases);
            w_.end_object();
        }
        w_.end_object();
    }

    /// Kleene truth as JSON: true, false, or null for unknown.
    void truth(Truth t) {
        if (t == Truth::unknown)
            w_.null();
        else
            w_.boolean(t == Truth::true_);
    }

    /// A value's members as data: a number, a bool, a member name, an array of members, or
    /// null when unknown; beside it its type, unit and the words the text renderers use.
    void value_members(const TermValue& v) {
        w_.key("value");
        if (!v.known)
            w_.null();
        else if (v.type == ValueType::boolean)
            w_.boolean(v.number != 0);
        else if (v.type == ValueType::one_of && v.members.empty())
            w_.null();
        else if (v.type == ValueType::one_of)
            w_.string(v.members.front());
        else if (v.type == ValueType::set_of)
            w_.strings(v.members);
        else if (v.type == ValueType::date)
            w_.string(v.text);  // ISO 8601
        else
            w_.number(v.number);
        w_.member("type", to_string(v.type));
        if (!v.unit.empty()) w_.member("unit", v.unit);
        w_.member("text", v.text);
    }

    void term(const Term& t) {
        // A criterion's term without children says its derivation is shown elsewhere: short.
        if (!written_ || t.kind != TermKind::criterion || t.children.empty()) return write_term(t);
        const auto& seen = written_->at(t.node);
        // Compared whole: a criterion is derived differently where its tree shows a criterion
        // it reads once, above, or where a held period reads it at an earlier visit.
        if (seen.term && *seen.term == t) return w_.repeat(seen.begin, seen.end);
        bool first = seen.term == nullptr;
        std::size_t begin = w_.begin_value();
        write_term(t);
        if (first) {
            auto& entry = written_->at(t.node);  // again: the criteria beneath may have grown it
            entry.term = &t;
            entry.begin = begin;
            entry.end = w_.offset();
        }
    }

    void write_term(const Term& t) {
        w_.begin_object();
        w_.member("text", t.text);
        w_.member("condition", t.condition);
        w_.member("kind", to_string(t.kind));
        w_.key("value");
        truth(t.value);
        if (!t.node.empty()) w_.member("node", t.node);
        if (!t.fact.empty()) w_.member("fact", t.fact);
        if (!t.op.empty()) w_.member("operator", t.op);
        if (t.actual) {
            w_.key("actual");
            w_.begin_object();
            value_members(*t.actual);
            w_.end_object();
        }
        if (!t.thresholds.empty()) {
            w_.key("thresholds");
            w_.begin_array();
            for (const auto& th : t.thresholds) {
                w_.begin_object();
                w_.member("source", th.source);
                if (!th.name.empty()) w_.member("name", th.name);
                value_members(th.value);
                w_.end_object();
            }
            w_.end_array();
        }
        if (!t.members.empty()) {
            w_.key("members");
            w_.strings(t.members);
        }
        if (t.band) {
            w_.key("borderline");
            w_.begin_object();
            w_.member("k", t.band->k);
            w_.member("error", t.band->error);
            w_.member("half_width", t.band->half_width);
            if (!t.band->unit.empty()) w_.member("unit", t.band->unit);
            w_.end_object();
        }
        if (t.margin) {
            w_.key("margin");
            w_.begin_object();
            w_.member("value", *t.margin);
            if (!t.margin_unit.empty()) w_.member("unit", t.margin_unit);
            w_.end_object();
        }
        w_.key("facts");
        w_.strings(t.facts);
        if (!t.cite.empty()) w_.member("cite", t.cite);
        if (!t.date.empty()) w_.member("date", t.date);
        w_.key("children");
        w_.begin_array();
        for (const auto& c : t.children) term(c);
        w_.end_array();
        w_.end_object();
    }

    void score(const ExplainedScore& s) {
        auto items = [&](const std::vector<ScoreItem>& list) {
            w_.begin_array();
            for (const auto& i : list) {
                w_.begin_object();
                w_.member("item", i.item);
                w_.member("least", i.least);
                w_.member("most", i.most);
                w_.end_object();
            }
            w_.end_array();
        };
        w_.begin_object();
        w_.member("name", s.name);
        w_.member("title", s.title);
        w_.member("value", s.value);
        w_.key("values");
        w_.begin_array();
        for (double v : s.values) w_.number(v);
        w_.end_array();
        w_.key("counted");
        items(s.counted);
        w_.key("open");
        items(s.open);
        w_.end_object();
    }

    detail::JsonWriter w_;
    WrittenTerms* written_;
};

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
    std::string out;
    render_json(x, out, indent);
    return out;
}

void render_json(const Explanation& x, std::string& out, int indent) {
    detail::require_full_detail(x, "render_json");
    // About 2.6 KB per conclusion in the psoas rules: one allocation, not twenty doublings.
    out.reserve(out.size() + 4096 + 3072 * x.conclusions.size());
    thread_local WrittenTerms written;
    written.clear();
    ExplanationWriter(out, indent, indent < 0 ? &written : nullptr).explanation(x);
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
