#include "explain/score_text.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "program/program.hpp"

namespace ilio::wording {

namespace {

std::string number(double v) {
    return fmt::format("{}", v);
}

std::string signed_number(double v) {
    return v < 0 ? number(v) : "+" + number(v);
}

}  // namespace

std::string score_value_text(const Evaluation& e, const RuleSet& rules, ScoreIndex s) {
    auto values = e.score_values(s);
    const auto& p = rules.program();
    if (values.size() == 1) return number(values[0]);
    if (p.score_data[s].interval)
        return fmt::format("between {} and {}", number(values.front()), number(values.back()));
    if (values.size() == 2) return fmt::format("{} or {}", number(values[0]), number(values[1]));
    std::string out = "one of ";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + number(values[i]);
    return out;
}

ExplainedScore explain_score(const Evaluation& e, const RuleSet& rules, ScoreIndex s) {
    const auto& p = rules.program();
    const auto& score = p.score_data[s];
    auto nodes = e.node_values();
    double scale = static_cast<double>(score.scale);
    ExplainedScore out;
    out.name = p.scores[s].name;
    out.title = p.scores[s].title;
    out.values = e.score_values(s);
    out.value = score_value_text(e, rules, s);
    for (auto i = score.first_part; i < score.first_part + score.part_count; ++i) {
        const auto& part = p.score_parts[i];
        // What the part adds: the choice that holds, or the range of those still open.
        std::int64_t least = std::numeric_limits<std::int64_t>::max();
        std::int64_t most = std::numeric_limits<std::int64_t>::min();
        bool decided = false;
        for (auto k = part.first_choice; k < part.first_choice + part.choice_count; ++k) {
            const auto& choice = p.score_choices[k];
            Truth t = nodes[choice.node];
            if (t == Truth::true_) {
                least = most = choice.points;
                decided = true;
                break;
            }
            if (t == Truth::unknown) {
                least = std::min(
                    least, part.bands ? choice.points : std::min<std::int64_t>(0, choice.points));
                most = std::max(
                    most, part.bands ? choice.points : std::max<std::int64_t>(0, choice.points));
            }
        }
        // The part's own words: a plain part's condition, a band part's fact.
        auto text = std::string(part.text);
        if (!part.bands) {
            auto when = text.find(" when ");
            if (when != std::string::npos) text = text.substr(when + 6);
        } else if (text.starts_with("by ")) {
            auto end = text.find_first_of(" \n\t", 3);
            text = text.substr(3, end == std::string::npos ? std::string::npos : end - 3);
        }
        if (decided || least > most) {
            if (decided && most != 0)
                out.counted.push_back(
                    {text, static_cast<double>(least) / scale, static_cast<double>(most) / scale});
            continue;
        }
        if (least == most) {
            if (most != 0)
                out.counted.push_back(
                    {text, static_cast<double>(least) / scale, static_cast<double>(most) / scale});
            continue;
        }
        out.open.push_back(
            {text, static_cast<double>(least) / scale, static_cast<double>(most) / scale});
    }
    return out;
}

std::string score_summary(const ExplainedScore& s) {
    std::string parts;
    for (const auto& c : s.counted)
        parts += (parts.empty() ? "" : ", ") + fmt::format("{} {}", c.item, signed_number(c.most));
    std::string open;
    for (const auto& o : s.open) {
        open += (open.empty() ? "" : ", ") + o.item + " unknown: ";
        if (o.least == 0 || o.most == 0)
            open += signed_number(o.least == 0 ? o.most : o.least) + " possible";
        else
            open += fmt::format("{} to {} possible", signed_number(o.least), signed_number(o.most));
    }
    std::string detail = parts;
    if (!open.empty()) detail += (detail.empty() ? "" : "; ") + open;
    return fmt::format("{} {}{}", s.title, s.value, detail.empty() ? "" : " (" + detail + ")");
}

}  // namespace ilio::wording
