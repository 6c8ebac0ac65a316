// Reading a facts document (JSON) into Facts: the fast reader (facts_json_fast.cpp) for a
// correct document, else the checked reader here, which names every problem. Structure problems
// (not JSON, not an object, too deep, duplicate keys) are always errors; a bad value of one fact
// is an error in strict mode and a warning plus an unknown fact in lenient mode.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "common/utf8.hpp"
#include "evaluate/facts_json_readers.hpp"
#include "ilio/facts.hpp"

namespace ilio {

namespace {

using json_value = nlohmann::json;

struct StructureError {
    std::string where;
    std::string message;
};

std::string type_name(const json_value& v) {
    switch (v.type()) {
        case json_value::value_t::null:
            return "null";
        case json_value::value_t::boolean:
            return v.get<bool>() ? "true" : "false";
        case json_value::value_t::string:
            return fmt::format("the string \"{}\"",
                               detail::excerpt(v.get_ref<const std::string&>()));
        case json_value::value_t::array:
            return "a list";
        case json_value::value_t::object:
            return "an object";
        default:
            return fmt::format("the number {}", v.dump());
    }
}

/// An object being parsed: the keys seen so far (hashed, so that a document of many keys is
/// checked in linear time) and the latest of them.
struct OpenObject {
    std::unordered_set<std::string> seen;
    const std::string* latest = nullptr;  // in `seen`, whose nodes stay put
};

/// The JSON pointer of the most recent key at each open object level, e.g. "/weeks/value".
std::string pointer(const std::vector<OpenObject>& keys) {
    std::string out;
    for (const auto& level : keys)
        if (level.latest) out += "/" + detail::excerpt(*level.latest);
    return out;
}

/// Builds the document as nlohmann's own DOM builder does, rejecting duplicate keys and deep
/// nesting as they are read and remembering where it is, so that a number too large to be
/// finite can be named by its key. A SAX handler rather than a parse callback: nlohmann's
/// callback parser scans the enclosing array for discarded values at the end of every object,
/// so 100,000 visits cost 5 billion steps (minutes under a sanitizer).
class CheckedDomBuilder : public nlohmann::detail::json_sax_dom_parser<json_value> {
    using Builder = nlohmann::detail::json_sax_dom_parser<json_value>;

  public:
    CheckedDomBuilder(json_value& result, std::string& where) : Builder(result), where_(where) {}

    // Depths as nlohmann's parse callback counts them: the containers open around the event.
    bool null() { return value() && Builder::null(); }
    bool boolean(bool v) { return value() && Builder::boolean(v); }
    bool number_integer(json_value::number_integer_t v) {
        return value() && Builder::number_integer(v);
    }
    bool number_unsigned(json_value::number_unsigned_t v) {
        return value() && Builder::number_unsigned(v);
    }
    bool number_float(json_value::number_float_t v, const json_value::string_t& text) {
        return value() && Builder::number_float(v, text);
    }
    bool string(json_value::string_t& v) { return value() && Builder::string(v); }
    bool binary(json_value::binary_t& v) { return value() && Builder::binary(v); }
    bool start_object(std::size_t n) {
        check_depth();
        ++open_;
        keys_.emplace_back();
        return Builder::start_object(n);
    }
    bool end_object() {
        --open_;
        keys_.pop_back();
        return Builder::end_object();
    }
    bool start_array(std::size_t n) {
        check_depth();
        ++open_;
        return Builder::start_array(n);
    }
    bool end_array() {
        --open_;
        return Builder::end_array();
    }
    bool key(json_value::string_t& text) {
        check_depth();
        auto& level = keys_.back();
        auto [key, first_time] = level.seen.insert(text);
        level.latest = &*key;
        if (!first_time)
            throw StructureError{
                pointer(keys_),
                fmt::format("key \"{}\" appears twice{}", detail::excerpt(*key),
                            keys_.size() == 1 ? "; each fact may be given once" : "")};
        where_ = pointer(keys_);
        return Builder::key(text);
    }

  private:
    bool value() {
        check_depth();
        return true;
    }
    void check_depth() const {
        if (open_ > max_facts_json_depth)
            throw StructureError{pointer(keys_),
                                 fmt::format("the facts document nests deeper than {} levels",
                                             max_facts_json_depth)};
    }

    std::string& where_;
    std::vector<OpenObject> keys_;  // per open object, the keys seen so far
    int open_ = 0;                  // objects and arrays open
};

json_value parse_checked(std::string_view text, std::string& where) {
    json_value result;
    CheckedDomBuilder builder(result, where);
    json_value::sax_parse(text.begin(), text.end(), &builder);
    return result;
}

/// JSON has no NaN or infinity; producers such as Python and JavaScript write them as these
/// strings. Where a number is expected they are read as non-finite numbers, and rejected so.
std::optional<double> non_finite(const json_value& value) {
    if (!value.is_string()) return std::nullopt;
    const auto& text = value.get_ref<const std::string&>();
    if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity") return std::numeric_limits<double>::infinity();
    if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
    return std::nullopt;
}

/// `text` with every number too large for a double replaced by the string "Infinity" (or
/// "-Infinity"); strings are left as they are.
std::string overflowing_numbers_as_infinity(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '"') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, text.size());
            out.append(text.substr(i, j - i));
            i = j;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t j = i + 1;
            while (j < text.size() &&
                   std::string_view("0123456789.eE+-").find(text[j]) != std::string_view::npos)
                ++j;
            std::string number(text.substr(i, j - i));
            double value = std::strtod(number.c_str(), nullptr);
            if (std::isinf(value))
                out += value < 0 ? "\"-Infinity\"" : "\"Infinity\"";
            else
                out += number;
            i = j;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

/// nlohmann's parse error without its "[json.exception.parse_error.101]" prefix, and with the
/// input it quotes ("last read: '…'", which can be a whole 50 MB string) as a bounded excerpt.
std::string parse_error_text(std::string_view what) {
    what.remove_prefix(std::min(what.size(), what.find(' ') + 1));
    constexpr std::string_view quote_start = "last read: '";
    auto start = what.find(quote_start);
    auto end = what.rfind('\'');
    if (start == std::string_view::npos || end < start + quote_start.size())
        return detail::excerpt(what);
    start += quote_start.size();
    return detail::printable(what.substr(0, start)) +
           detail::excerpt(what.substr(start, end - start)) + detail::printable(what.substr(end));
}

bool numeric(const FactInfo& f) {
    return f.type == ValueType::number || f.type == ValueType::integer;
}

void set_fact(Facts& facts, FactIndex index, const json_value& value) {
    const FactInfo& f = facts.rule_set().facts()[index];
    switch (value.type()) {
        case json_value::value_t::boolean:
            facts.set_bool(index, value.get<bool>());
            return;
        case json_value::value_t::number_integer:
        case json_value::value_t::number_unsigned:
        case json_value::value_t::number_float:
            facts.set_number(index, value.get<double>());
            return;
        case json_value::value_t::string: {
            if (f.type == ValueType::date)
                return facts.set_date(index, std::string_view(value.get_ref<const std::string&>()));
            if (auto number = non_finite(value); number && numeric(f)) {
                facts.set_number(index, *number);  // rejected there, as any non-finite number
                return;
            }
            facts.set_enum(index, value.get<std::string>());
            return;
        }
        case json_value::value_t::array: {
            std::vector<std::string> members;
            for (const auto& m : value) {
                if (!m.is_string())
                    throw FactError(fmt::format("`{}` is a list of names, but it holds {}", f.name,
                                                type_name(m)));
                members.push_back(m.get<std::string>());
            }
            facts.set_members(index, members);
            return;
        }
        case json_value::value_t::object: {
            auto v = value.find("value");
            auto u = value.find("unit");
            if (v == value.end() || !(v->is_number() || non_finite(*v)) || value.size() > 2 ||
                (u != value.end() && !u->is_string()) || (u == value.end() && value.size() != 1))
                throw FactError(
                    fmt::format("`{}`: a quantity is written {{\"value\": 5, \"unit\": "
                                "\"cm\"}}",
                                f.name));
            facts.set_number(index, v->is_number() ? v->get<double>() : *non_finite(*v),
                             u == value.end() ? std::string{} : u->get<std::string>());
            return;
        }
        default:
            throw FactError(fmt::format("`{}` cannot be {}", f.name, type_name(value)));
    }
}

std::optional<std::int32_t> date_of(const json_value& value) {
    if (!value.is_string()) return std::nullopt;
    return parse_date(value.get_ref<const std::string&>());
}

/// `"evaluated_on"`, when the document gives it: the day the patient is evaluated. The problem,
/// if it is not a date.
std::optional<FactProblem> read_evaluated_on(const json_value& doc, Facts& facts) {
    auto e = doc.find("evaluated_on");
    if (e == doc.end()) return std::nullopt;
    auto today = date_of(*e);
    if (!today)
        return FactProblem{"/evaluated_on", "",
                           fmt::format("\"evaluated_on\" must be an ISO 8601 calendar date "
                                       "such as \"2026-10-01\", not {}",
                                       type_name(*e))};
    facts.set_evaluated_on(*today);
    return std::nullopt;
}

/// `{"visits": [{"date": …, "facts": {…}}, …], "evaluated_on": …}`: each visit's facts through
/// `read_object`, dated in order. The first structural problem, if any.
template <typename ReadObject>
std::optional<FactProblem> read_visits(const json_value& doc, Facts& facts,
                                       ReadObject read_object) {
    for (auto it = doc.begin(); it != doc.end(); ++it)
        if (it.key() != "visits" && it.key() != "evaluated_on")
            return FactProblem{"/" + detail::excerpt(it.key()), "",
                               fmt::format("unknown key \"{}\": a document of visits holds "
                                           "\"visits\" and, optionally, \"evaluated_on\"",
                                           detail::excerpt(it.key()))};
    if (auto problem = read_evaluated_on(doc, facts)) return problem;
    const json_value& visits = doc.at("visits");
    if (!visits.is_array() || visits.empty())
        return FactProblem{"/visits", "",
                           "\"visits\" must be a non-empty list of {\"date\": \"2026-09-01\", "
                           "\"facts\": {…}}"};
    if (visits.size() > detail::max_facts_json_visits)
        return FactProblem{"/visits", "",
                           fmt::format("{} visits: at most {} are accepted", visits.size(),
                                       detail::max_facts_json_visits)};
    for (std::size_t i = 0; i < visits.size(); ++i) {
        const json_value& visit = visits[i];
        std::string where = fmt::format("/visits/{}", i);
        if (!visit.is_object() || !visit.contains("date") || !visit.contains("facts") ||
            visit.size() != 2 || !visit.at("facts").is_object())
            return FactProblem{where, "",
                               fmt::format("visit {} must be {{\"date\": \"2026-09-01\", "
                                           "\"facts\": {{…}}}}",
                                           i + 1)};
        auto day = date_of(visit.at("date"));
        if (!day)
            return FactProblem{where + "/date", "",
                               fmt::format("the date of visit {} must be an ISO 8601 calendar "
                                           "date such as \"2026-09-01\", not {}",
                                           i + 1, type_name(visit.at("date")))};
        try {
            if (i == 0)
                facts.date_visit(*day);
            else
                facts.add_visit(*day);
        } catch (const FactError& e) {
            return FactProblem{where + "/date", "", e.what()};
        }
        read_object(visit.at("facts"), where + "/facts");
    }
    return std::nullopt;
}

}  // namespace

FactsResult detail::read_facts_json_checked(const RuleSet& rules, std::string_view text,
                                            const FactsOptions& options) {
    FactsResult result;
    json_value doc;
    std::string where;  // the key being read when parsing stopped
    try {
        doc = parse_checked(text, where);
    } catch (const StructureError& e) {
        result.errors.push_back({e.where, "", e.message});
        return result;
    } catch (const json_value::out_of_range&) {
        // nlohmann stops at a number too large for a double (1e400). Read it again with such
        // numbers written as "Infinity", so they are rejected fact by fact as any non-finite
        // number is: an error naming the fact, unknown in lenient mode, unknown key first.
        std::string overflow_at = where;
        try {
            doc = parse_checked(overflowing_numbers_as_infinity(text), where);
        } catch (const StructureError& e) {
            result.errors.push_back({e.where, "", e.message});
            return result;
        } catch (const json_value::exception&) {
            // Broken after the number as well: report the number, where the reading stopped.
            result.errors.push_back(
                {overflow_at, "",
                 overflow_at.empty()
                     ? std::string("a number in the facts is too large to be finite")
                     : fmt::format("the number at {} is too large to be finite", overflow_at)});
            return result;
        }
    } catch (const json_value::parse_error& e) {
        result.errors.push_back(
            {fmt::format("byte {}", e.byte), "", "not valid JSON: " + parse_error_text(e.what())});
        return result;
    }
    if (!doc.is_object()) {
        result.errors.push_back({"", "",
                                 fmt::format("facts must be a JSON object {{\"fact\": value, …}}, "
                                             "not {}",
                                             type_name(doc))});
        return result;
    }
    Facts facts(rules);
    std::vector<FactProblem> problems;
    // One visit's facts: problems with a value are per fact (warnings in lenient mode).
    auto read_object = [&](const json_value& object, const std::string& prefix) {
        for (auto it = object.begin(); it != object.end(); ++it) {
            const std::string& name = it.key();
            auto index = rules.find_fact(name);
            // A fact's name is quoted as given only when it is one the rules declare; any other
            // key is quoted as a bounded excerpt.
            std::string shown = index ? name : detail::excerpt(name);
            std::string where = prefix + "/" + shown;
            if (!index) {
                // Unknown comes first, whatever the value: a misspelt name is the problem to fix.
                problems.push_back({where, shown,
                                    fmt::format("unknown fact `{}`: rule set `{}` declares no "
                                                "such fact",
                                                shown, rules.name())});
                continue;
            }
            if (it.value().is_null()) continue;  // explicitly unknown
            try {
                set_fact(facts, *index, it.value());
            } catch (const FactError& e) {
                problems.push_back({where, name, e.what()});
            }
        }
    };
    if (doc.contains("visits") && !rules.find_fact("visits")) {
        // The shape of a visits document is never lenient: dates order the history.
        if (auto error = read_visits(doc, facts, read_object)) {
            result.errors.push_back(std::move(*error));
            return result;
        }
    } else if (doc.contains("evaluated_on") && !rules.find_fact("evaluated_on")) {
        // One visit, evaluated on a given day (`time since` a date fact counts to it).
        if (auto error = read_evaluated_on(doc, facts)) {
            result.errors.push_back(std::move(*error));
            return result;
        }
        json_value visit = doc;
        visit.erase("evaluated_on");
        read_object(visit, "");
    } else {
        read_object(doc, "");
    }
    if (options.lenient) {
        for (auto& p : problems) {
            p.message += "; treated as unknown";
            facts.add_warning(std::move(p));
        }
    } else if (!problems.empty()) {
        result.errors = std::move(problems);
        return result;
    }
    result.facts.emplace(std::move(facts));
    return result;
}

FactsResult read_facts_json(const RuleSet& rules, std::string_view text,
                            const FactsOptions& options) {
    return detail::read_facts_json_in_place(rules, text, 0, options);
}

namespace detail {

FactsResult read_facts_json_in_place(const RuleSet& rules, std::string_view text,
                                     std::size_t readable, const FactsOptions& options) {
    // A correct document has no problem to report in either mode.
    FactsResult result;
    result.facts = read_facts_json_fast(rules, text, readable);
    if (result.facts) return result;
    return read_facts_json_checked(rules, text, options);
}

}  // namespace detail

std::string render_fact_problems_json(const std::vector<FactProblem>& problems) {
    json_value out = json_value::array();
    for (const auto& p : problems)
        out.push_back({{"where", p.where}, {"fact", p.fact}, {"message", p.message}});
    // Messages quote input through detail::excerpt, which escapes invalid UTF-8; replacing is a
    // last guard so that rendering a problem can never fail.
    return out.dump(-1, ' ', false, json_value::error_handler_t::replace);
}

}  // namespace ilio
