#include "check/checker.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "check/check_context.hpp"
#include "check/expression_lowering.hpp"
#include "check/instance_expansion.hpp"
#include "check/score_lowering.hpp"
#include "common/spelling.hpp"
#include "common/template_text.hpp"

namespace ilio::check {

namespace {

using detail::default_error_k;
using detail::error_k_name;
using detail::ItemKind;
using detail::no_index;

/// The clauses of one declaration, by keyword, after checking which are allowed.
class Clauses {
  public:
    Clauses(CheckContext& ctx, const std::vector<ast::Clause>& clauses,
            std::initializer_list<std::string_view> allowed, std::string_view what) {
        for (const auto& clause : clauses) {
            auto key = boost::apply_visitor([](const auto& c) { return c.key; }, clause.var);
            bool ok = false;
            for (auto a : allowed) ok = ok || a == key;
            if (!ok) {
                std::string list;
                for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                ctx.error("E012", clause.begin,
                          clause.begin + static_cast<std::uint32_t>(key.size()),
                          fmt::format("{} does not take {} `{}` clause; it takes: {}",
                                      with_article(what), article(key), key, list));
                continue;
            }
            auto [it, inserted] = by_key_.emplace(key, &clause);
            if (!inserted) {
                auto d = ctx.source.error("E042", clause.begin, clause.end,
                                          fmt::format("`{}` given twice in this {}", key, what));
                d.notes.push_back(
                    ctx.source.note(it->second->begin, it->second->end, "first given here"));
                ctx.diagnostics.push_back(std::move(d));
            }
        }
    }

    const ast::Clause* find(std::string_view key) const {
        auto it = by_key_.find(std::string(key));
        return it == by_key_.end() ? nullptr : it->second;
    }
    std::string text(std::string_view key) const {
        const auto* c = find(key);
        if (!c) return {};
        const auto* t = boost::get<ast::TextClause>(&c->var);
        return t ? t->text.value : std::string{};
    }
    const ast::OrExpr* expr(std::string_view key) const {
        const auto* c = find(key);
        if (!c) return nullptr;
        const auto* e = boost::get<ast::ExprClause>(&c->var);
        return e ? &e->expr.get() : nullptr;
    }
    const ast::WordClause* word(std::string_view key) const {
        const auto* c = find(key);
        return c ? boost::get<ast::WordClause>(&c->var) : nullptr;
    }

  private:
    std::unordered_map<std::string, const ast::Clause*> by_key_;
};

template <typename T>
const T* as(const ast::Declaration& d) {
    return boost::get<T>(&d.var);
}

ConclusionKind conclusion_kind(const std::string& keyword) {
    if (keyword == "red_flag") return ConclusionKind::red_flag;
    if (keyword == "caution") return ConclusionKind::caution;
    if (keyword == "recommend") return ConclusionKind::recommendation;
    if (keyword == "refer") return ConclusionKind::referral;
    if (keyword == "escalate") return ConclusionKind::escalation;
    return ConclusionKind::finding;
}

// MAJOR.MINOR.PATCH without leading zeros, optionally -prerelease and +build (semver.org).
bool is_semantic_version(std::string_view v) {
    auto number = [&](std::size_t& i) {
        std::size_t start = i;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
        return i > start && !(v[start] == '0' && i - start > 1);
    };
    auto tag = [&](std::size_t& i) {
        std::size_t start = i;
        while (i < v.size() &&
               (std::isalnum(static_cast<unsigned char>(v[i])) || v[i] == '.' || v[i] == '-'))
            ++i;
        return i > start;
    };
    std::size_t i = 0;
    if (!number(i) || i >= v.size() || v[i++] != '.') return false;
    if (!number(i) || i >= v.size() || v[i++] != '.') return false;
    if (!number(i)) return false;
    if (i < v.size() && v[i] == '-' && !tag(++i)) return false;
    if (i < v.size() && v[i] == '+' && !tag(++i)) return false;
    return i == v.size();
}

class Checker {
  public:
    Checker(CheckContext& ctx, const std::vector<ParameterOverride>& overrides)
        : ctx_(ctx), p_(ctx.program), overrides_(overrides) {}

    void run(const ast::File& file) {
        header(file);
        units(file);
        declare_names(file);
        declare_error_k(file);
        ctx_.fact_used.assign(p_.facts.size(), false);
        ctx_.parameter_used.assign(p_.parameters.size(), false);
        std::size_t fact = 0, param = 0;
        for (const auto& d : file.declarations) {
            if (const auto* f = as<ast::FactDecl>(d)) fact_decl(*f, static_cast<FactIndex>(fact++));
            if (const auto* pd = as<ast::ParamDecl>(d))
                param_decl(*pd, static_cast<ParameterIndex>(param++));
        }
        apply_overrides();
        measurement_bands();
        ctx_.item_list_used.assign(ctx_.item_lists.size(), false);
        check_item_lists(ctx_);
        p_.criterion_item.assign(p_.criteria.size(), no_index);
        p_.conclusion_item.assign(p_.conclusions.size(), no_index);
        p_.gate_item.assign(p_.steps.size(), no_index);
        p_.population_item.assign(p_.populations.size(), no_index);
        p_.score_item.assign(p_.scores.size(), no_index);
        p_.score_data.assign(p_.scores.size(), {});
        std::size_t step = 0, criterion = 0, conclusion = 0, population = 0, score = 0;
        for (const auto& d : file.declarations) {
            if (const auto* sc = as<ast::ScoreDecl>(d))
                lower_score(ctx_, *sc, static_cast<ScoreIndex>(score++));
            if (const auto* pop = as<ast::PopulationDecl>(d))
                population_decl(*pop, static_cast<PopulationIndex>(population++));
            if (const auto* s = as<ast::StepDecl>(d)) step_decl(*s, static_cast<StepIndex>(step++));
            if (const auto* c = as<ast::CriterionDecl>(d))
                criterion_decl(*c, static_cast<CriterionIndex>(criterion++));
            if (const auto* c = as<ast::ConclusionDecl>(d))
                conclusion_decl(*c, static_cast<ConclusionIndex>(conclusion++));
        }
        if (header_) p_.population = population_clause(header_clauses_->word("population"));
        unused();
    }

  private:
    void header(const ast::File& file) {
        const ast::RulesetDecl* first = nullptr;
        for (const auto& d : file.declarations) {
            const auto* r = as<ast::RulesetDecl>(d);
            if (!r) continue;
            if (first) {
                auto diag = ctx_.source.error("E021", r->begin, r->name.end,
                                              "a rules file has exactly one `ruleset` header");
                diag.notes.push_back(
                    ctx_.source.note(first->begin, first->name.end, "the header is here"));
                ctx_.diagnostics.push_back(std::move(diag));
                continue;
            }
            first = r;
        }
        if (!first) {
            // A header that failed to parse already has its error.
            if (ctx_.failed_to_parse("ruleset")) return;
            ctx_.diagnostics.push_back(Diagnostic{
                Severity::error,
                "E020",
                ctx_.source.file_name(),
                {},
                "no `ruleset` header: start the file with `ruleset NAME version \"1.0.0\"`",
                {}});
            return;
        }
        header_ = first;
        header_clauses_.emplace(
            ctx_, first->clauses,
            std::initializer_list<std::string_view>{"version", "title", "source", "population"},
            "ruleset header");
        const Clauses& clauses = *header_clauses_;
        p_.name = first->name.name;
        p_.title = clauses.text("title");
        p_.source = clauses.text("source");
        if (const auto* v = clauses.find("version")) {
            p_.version = clauses.text("version");
            if (!is_semantic_version(p_.version))
                ctx_.error("E023", v->begin, v->end,
                           fmt::format("version \"{}\" is not a semantic version "
                                       "(MAJOR.MINOR.PATCH, e.g. \"1.0.0\")",
                                       p_.version));
        } else {
            ctx_.error(
                "E022", first->begin, first->name.end,
                fmt::format("ruleset `{}` has no version: add `version \"1.0.0\"`", p_.name));
        }
    }

    // Units may be declared in any order and in terms of each other: base units first, then
    // each unit whose base is known, until nothing changes.
    void units(const ast::File& file) {
        std::vector<const ast::UnitDecl*> pending;
        std::unordered_map<std::string, const ast::UnitDecl*> declared;
        for (const auto& d : file.declarations) {
            const auto* u = as<ast::UnitDecl>(d);
            if (!u) continue;
            if (const UnitInfo* builtin = ctx_.units.find(u->name.name)) {
                ctx_.error("E031", u->name.begin, u->name.end,
                           fmt::format("`{}` is a built-in unit ({}); choose another name",
                                       u->name.name, builtin->dimension));
                continue;
            }
            auto [it, inserted] = declared.emplace(u->name.name, u);
            if (!inserted) {
                auto diag =
                    ctx_.source.error("E031", u->name.begin, u->name.end,
                                      fmt::format("unit `{}` is already defined", u->name.name));
                diag.notes.push_back(ctx_.source.note(it->second->name.begin, it->second->name.end,
                                                      "first defined here"));
                ctx_.diagnostics.push_back(std::move(diag));
                continue;
            }
            pending.push_back(u);
        }
        for (bool progress = true; progress;) {
            progress = false;
            for (auto& u : pending) {
                if (!u) continue;
                if (u->definition &&
                    !ctx_.units.find(u->definition->unit ? u->definition->unit->name
                                                         : std::string()))
                    continue;
                add_unit(*u);
                u = nullptr;
                progress = true;
            }
        }
        for (const auto* u : pending) {
            if (!u) continue;
            const auto& q = *u->definition;
            ctx_.error("E073", q.begin, q.end,
                       q.unit ? fmt::format("unit `{}` is defined in terms of `{}`, which is not a "
                                            "known unit (or is defined in terms of `{}`)",
                                            u->name.name, q.unit->name, u->name.name)
                              : fmt::format("unit `{}` needs a unit after the number, e.g. `= "
                                            "1000 mm`",
                                            u->name.name));
            // Still declare it, so each use of it is not reported again as unknown.
            ctx_.units.add({u->name.name, u->dimension.name, 1.0});
        }
    }

    void add_unit(const ast::UnitDecl& u) {
        UnitInfo info{u.name.name, u.dimension.name, 1.0};
        if (u.definition) {
            const auto& q = *u.definition;
            const UnitInfo* base = ctx_.units.find(q.unit->name);
            if (base->dimension != info.dimension)
                ctx_.error("E073", q.begin, q.end,
                           fmt::format("unit `{}` is {} {} but `{}` is {} {}", u.name.name,
                                       article(info.dimension), info.dimension, base->name,
                                       article(base->dimension), base->dimension));
            else if (!(q.number.value > 0))
                ctx_.error("E073", q.number.begin, q.number.end,
                           fmt::format("unit `{}` needs a positive factor", u.name.name));
            else if (!std::isfinite(q.number.value * base->to_base) ||
                     q.number.value * base->to_base == 0)
                ctx_.error(
                    "E073", q.number.begin, q.number.end,
                    fmt::format("unit `{}` is too large or too small to convert", u.name.name));
            else
                info.to_base = q.number.value * base->to_base;
        }
        ctx_.units.add(std::move(info));
    }

    void define(const ast::Identifier& id, SymbolKind kind, std::uint32_t index) {
        auto [it, inserted] = ctx_.symbols.emplace(id.name, Symbol{kind, index, id.begin, id.end});
        if (inserted) return;
        auto d = ctx_.source.error("E031", id.begin, id.end,
                                   fmt::format("`{}` is already defined as {}", id.name,
                                               with_article(describe(it->second.kind))));
        d.notes.push_back(ctx_.source.note(it->second.begin, it->second.end, "first defined here"));
        ctx_.diagnostics.push_back(std::move(d));
    }

    // Names first, so references may point forwards; steps own what follows them.
    void declare_names(const ast::File& file) {
        // Sized once: growing them one declaration at a time moved every entry at each
        // doubling and rehashed every name (with the syntax tree's growth, a tenth of compiling
        // 100,000 conclusions in a profile of 2026-11-30).
        reserve_declared(file);
        std::optional<StepIndex> current_step;
        for (const auto& d : file.declarations) {
            if (const auto* f = as<ast::FactDecl>(d)) {
                define(f->name, SymbolKind::fact, static_cast<std::uint32_t>(p_.facts.size()));
                p_.facts.emplace_back().name = f->name.name;
            } else if (const auto* pd = as<ast::ParamDecl>(d)) {
                define(pd->name, SymbolKind::parameter,
                       static_cast<std::uint32_t>(p_.parameters.size()));
                p_.parameters.emplace_back().name = pd->name.name;
                p_.parameter_base_values.push_back(0.0);
            } else if (const auto* s = as<ast::StepDecl>(d)) {
                current_step = static_cast<StepIndex>(p_.steps.size());
                define(s->name, SymbolKind::step, *current_step);
                p_.steps.emplace_back().name = s->name.name;
            } else if (const auto* c = as<ast::CriterionDecl>(d)) {
                define(c->name, SymbolKind::criterion,
                       static_cast<std::uint32_t>(p_.criteria.size()));
                auto& info = p_.criteria.emplace_back();
                info.name = c->name.name;
                info.step = current_step;
            } else if (const auto* items = as<ast::ItemsDecl>(d)) {
                define(items->name, SymbolKind::item_list,
                       static_cast<std::uint32_t>(ctx_.item_lists.size()));
                ctx_.item_lists.push_back(items);
            } else if (const auto* sc = as<ast::ScoreDecl>(d)) {
                define(sc->name, SymbolKind::score, static_cast<std::uint32_t>(p_.scores.size()));
                p_.scores.emplace_back().name = sc->name.name;
            } else if (const auto* pop = as<ast::PopulationDecl>(d)) {
                define(pop->name, SymbolKind::population,
                       static_cast<std::uint32_t>(p_.populations.size()));
                p_.populations.emplace_back().name = pop->name.name;
            } else if (const auto* c = as<ast::ConclusionDecl>(d)) {
                auto index = static_cast<ConclusionIndex>(p_.conclusions.size());
                define(c->name, SymbolKind::conclusion, index);
                auto& info = p_.conclusions.emplace_back();
                info.name = c->name.name;
                info.step = current_step;
                if (current_step) p_.steps[*current_step].conclusions.push_back(index);
            }
        }
    }

    void reserve_declared(const ast::File& file) {
        std::size_t facts = 0, parameters = 0, criteria = 0, conclusions = 0;
        for (const auto& d : file.declarations) {
            facts += as<ast::FactDecl>(d) != nullptr;
            parameters += as<ast::ParamDecl>(d) != nullptr;
            criteria += as<ast::CriterionDecl>(d) != nullptr;
            conclusions += as<ast::ConclusionDecl>(d) != nullptr;
        }
        p_.facts.reserve(facts);
        p_.parameters.reserve(parameters);
        p_.parameter_base_values.reserve(parameters);
        p_.criteria.reserve(criteria);
        p_.conclusions.reserve(conclusions);
        ctx_.symbols.reserve(file.declarations.size());
    }

    void fact_decl(const ast::FactDecl& d, FactIndex index) {
        auto& f = p_.facts[index];
        f.location = ctx_.source.span(d.name.begin, d.name.end);
        const auto& t = d.type;
        if (t.kind == "number" || t.kind == "integer") {
            f.type = t.kind == "number" ? ValueType::number : ValueType::integer;
            if (const UnitInfo* u = t.unit ? ctx_.unit(*t.unit) : nullptr) {
                f.unit = u->name;
                f.dimension = u->dimension;
                f.to_base = u->to_base;
            }
        } else if (t.kind == "bool") {
            f.type = ValueType::boolean;
        } else if (t.kind == "date") {
            // Stored in seconds since 1970-01-01, so two dates subtract to a time.
            f.type = ValueType::date;
            f.dimension = "date";
        } else {
            f.type = t.kind == "one_of" ? ValueType::one_of : ValueType::set_of;
            for (const auto& m : t.members) {
                bool repeated = false;
                for (const auto& existing : f.members) repeated = repeated || existing == m.name;
                if (repeated)
                    ctx_.error("E072", m.begin, m.end,
                               fmt::format("`{}` is listed twice in `{}`", m.name, f.name));
                else
                    f.members.push_back(m.name);
            }
            if (f.members.size() > 64)
                ctx_.error("E072", t.begin, t.end,
                           fmt::format("`{}` has {} values; at most 64 are allowed", f.name,
                                       f.members.size()));
        }
        if (d.range) {
            const auto& r = *d.range;
            if (f.type != ValueType::number && f.type != ValueType::integer) {
                ctx_.error("E071", r.begin, r.end,
                           fmt::format("a range applies to number and integer facts, not to "
                                       "the {} fact `{}`",
                                       to_string(f.type), f.name));
            } else if (r.low.value > r.high.value) {
                ctx_.error("E071", r.begin, r.end,
                           fmt::format("range [{}, {}] of `{}` is reversed", r.low.text,
                                       r.high.text, f.name));
            } else {
                f.minimum = r.low.value;
                f.maximum = r.high.value;
            }
        }
        if (d.description) f.description = d.description->value;
        Clauses clauses(ctx_, d.clauses, {"ask", "error", "per", "over"}, "fact");
        if (const auto* over = clauses.word("over")) {
            if (over->word.name != "visits")
                ctx_.error(
                    "E012", over->word.begin, over->word.end,
                    fmt::format("`over {}`: a fact is recorded `over visits`", over->word.name));
            else if (f.type != ValueType::number && f.type != ValueType::integer)
                ctx_.error("E085", over->begin, over->end,
                           fmt::format("only a number is compared across visits; `{}` is {} "
                                       "fact",
                                       f.name, with_article(to_string(f.type))));
            else
                f.over_visits = true;
        }
        f.ask = clauses.text("ask");
        if (const auto* c = clauses.find("error"))
            if (const auto* q = boost::get<ast::QuantityClause>(&c->var)) measurement_error(f, *q);
        if (!clauses.find("ask"))
            ctx_.warning("W002", d.name.begin, d.name.end,
                         fmt::format("fact `{}` has no `ask` text, so a user cannot be asked "
                                     "for it when it is missing",
                                     f.name));
    }

    /// `error 2 deg`: the standard error of one reading, in a unit of the fact's dimension,
    /// stored in the fact's own unit.
    void measurement_error(FactInfo& f, const ast::QuantityClause& c) {
        const ast::Quantity& q = c.value.get();
        if (f.type != ValueType::number && f.type != ValueType::integer) {
            ctx_.error("E082", c.begin, c.end,
                       fmt::format("only a measured number has a measurement error; `{}` is {} "
                                   "{} fact",
                                   f.name, article(to_string(f.type)), to_string(f.type)));
            return;
        }
        double to_base = 1.0;
        if (q.unit) {
            const UnitInfo* u = ctx_.unit(*q.unit);
            if (!u) return;  // E032 already
            if (u->dimension != f.dimension) {
                ctx_.error(
                    "E060", q.begin, q.end,
                    fmt::format("the error of `{}` is {} {} ({}), but the fact is {}", f.name,
                                article(u->dimension), u->dimension, u->name,
                                f.dimension.empty() ? std::string("a plain number")
                                                    : "in " + f.unit + " (" + f.dimension + ")"));
                return;
            }
            to_base = u->to_base;
        } else if (!f.unit.empty() && f.dimension != "count") {
            ctx_.error("E061", q.begin, q.end,
                       fmt::format("give the error of `{}` with its unit: `error {} {}`", f.name,
                                   q.number.text, f.unit));
            return;
        }
        double error = q.number.value * to_base / f.to_base;
        if (!q.number.finite || !std::isfinite(error)) {
            ctx_.error("E013", q.begin, q.end,
                       fmt::format("the error of `{}` is not a finite number", f.name));
            return;
        }
        if (!(error > 0)) {
            ctx_.error("E082", q.begin, q.end,
                       fmt::format("the measurement error of `{}` must be greater than zero (a "
                                   "standard error of one reading); leave `error` out for a fact "
                                   "that compares exactly",
                                   f.name));
            return;
        }
        f.error = error;
    }

    /// Each measured fact's borderline band, k standard errors either side of a threshold, in
    /// base units; k is the parameter `error_k` (once overrides are applied).
    void measurement_bands() {
        p_.fact_band.assign(p_.facts.size(), 0.0);
        p_.error_k = no_index;
        if (std::none_of(p_.facts.begin(), p_.facts.end(),
                         [](const FactInfo& f) { return f.error.has_value(); }))
            return;
        const Symbol* k = ctx_.find(std::string(error_k_name));
        if (!k || k->kind != SymbolKind::parameter) return;  // E031 already: the name is taken
        const auto& info = p_.parameters[k->index];
        double value = p_.parameter_base_values[k->index];
        ctx_.parameter_used[k->index] = true;
        if (info.type == ValueType::boolean || !info.dimension.empty() || !(value > 0)) {
            // An override was checked for type and dimension, not for sign.
            if (info.overridden)
                ctx_.diagnostics.push_back(Diagnostic{
                    Severity::error,
                    "E081",
                    "<override>",
                    {},
                    fmt::format("cannot override `{}` with {}: it takes a plain number greater "
                                "than zero (how many standard errors make the borderline band)",
                                error_k_name, info.value),
                    {}});
            else
                ctx_.error("E082", k->begin, k->end,
                           fmt::format("`{}` must be a plain number greater than zero: how many "
                                       "standard errors either side of a threshold a measured "
                                       "reading is borderline",
                                       error_k_name));
            return;
        }
        p_.error_k = k->index;
        for (std::size_t f = 0; f < p_.facts.size(); ++f)
            if (p_.facts[f].error)
                p_.fact_band[f] = value * *p_.facts[f].error * p_.facts[f].to_base;
    }

    /// A rule set whose facts declare measurement errors gets the parameter `error_k` (1.96: a
    /// 95% band) unless it declares its own.
    void declare_error_k(const ast::File& file) {
        bool measured = false;
        for (const auto& d : file.declarations)
            if (const auto* f = as<ast::FactDecl>(d))
                for (const auto& c : f->clauses)
                    measured = measured || boost::get<ast::QuantityClause>(&c.var) != nullptr;
        if (!measured || ctx_.symbols.contains(error_k_name)) return;
        auto index = static_cast<std::uint32_t>(p_.parameters.size());
        ctx_.symbols.emplace(std::string(error_k_name), Symbol{SymbolKind::parameter, index, 0, 0});
        auto& k = p_.parameters.emplace_back();
        k.name = error_k_name;
        k.type = ValueType::number;
        k.value = default_error_k;
        k.declared_text = "1.96";
        k.description =
            "How many standard errors either side of a threshold a measured reading is borderline "
            "(1.96: the 95% band); a change counts as real beyond error_k x sqrt(2) errors.";
        k.cite = "clinical notes, measurement error";
        p_.parameter_base_values.push_back(default_error_k);
    }

    void param_decl(const ast::ParamDecl& d, ParameterIndex index) {
        auto& info = p_.parameters[index];
        info.location = ctx_.source.span(d.name.begin, d.name.end);
        info.declared_text = std::string(ctx_.source.slice(d.value.begin, d.value.end));
        if (const auto* q = boost::get<ast::Quantity>(&d.value.var)) {
            info.value = q->number.value;
            bool whole = q->number.text.find_first_of(".eE") == std::string::npos;
            info.type = whole && !q->unit ? ValueType::integer : ValueType::number;
            if (const UnitInfo* u = q->unit ? ctx_.unit(*q->unit) : nullptr) {
                info.unit = u->name;
                info.dimension = u->dimension;
                info.to_base = u->to_base;
            }
        } else if (const auto* b = boost::get<ast::BoolLit>(&d.value.var)) {
            info.type = ValueType::boolean;
            info.value = b->value ? 1.0 : 0.0;
        } else {
            ctx_.error("E050", d.value.begin, d.value.end,
                       fmt::format("parameter `{}` must be a number (with a unit) or "
                                   "true/false",
                                   info.name));
        }
        p_.parameter_base_values[index] = info.value * info.to_base;
        if (!std::isfinite(p_.parameter_base_values[index]))
            ctx_.error("E013", d.value.begin, d.value.end,
                       fmt::format("parameter `{}` is too large: it is not finite once converted",
                                   info.name));
        if (d.description) info.description = d.description->value;
        Clauses clauses(ctx_, d.clauses, {"cite"}, "parameter");
        info.cite = clauses.text("cite");
    }

    void apply_overrides() {
        for (const auto& o : overrides_) {
            const Symbol* s = ctx_.find(o.name);
            auto fail = [&](const char* code, std::string message) {
                ctx_.diagnostics.push_back(
                    Diagnostic{Severity::error, code, "<override>", {}, std::move(message), {}});
            };
            if (!s || s->kind != SymbolKind::parameter) {
                std::vector<std::string> names;
                for (const auto& p : p_.parameters) names.push_back(p.name);
                auto suggestion = detail::closest_spelling(o.name, names);
                fail("E080",
                     fmt::format("cannot override `{}`: the rules define no such "
                                 "parameter{}",
                                 o.name,
                                 suggestion.empty() ? "" : "; did you mean `" + suggestion + "`?"));
                continue;
            }
            auto& info = p_.parameters[s->index];
            if (info.overridden) {
                fail("E081",
                     fmt::format("`{}` is overridden more than once; give it one value", o.name));
                continue;
            }
            auto value = parse_override_value(o.value);
            if (!value) {
                fail("E081", fmt::format("cannot override `{}` with \"{}\": write a number with "
                                         "a unit (e.g. \"75 deg\") or true/false",
                                         o.name, o.value));
                continue;
            }
            if ((info.type == ValueType::boolean) != value->boolean) {
                fail(
                    "E081",
                    fmt::format("cannot override `{}` ({}) with \"{}\": it takes {}", o.name,
                                info.declared_text, o.value,
                                info.type == ValueType::boolean ? std::string("true or false")
                                : info.unit.empty()             ? std::string("a number")
                                                    : "a number in " + info.unit + " (or another " +
                                                          info.dimension + " unit)"));
                continue;
            }
            double base = value->number;
            if (!value->boolean) {
                const UnitInfo* unit = value->unit.empty() ? nullptr : ctx_.units.find(value->unit);
                if (!value->unit.empty() && !unit) {
                    fail("E081", fmt::format("cannot override `{}`: unknown unit `{}`", o.name,
                                             value->unit));
                    continue;
                }
                std::string dimension = unit ? unit->dimension : std::string{};
                if (dimension != info.dimension) {
                    fail("E081",
                         fmt::format("cannot override `{}` ({}) with \"{}\": it takes {}, not {}",
                                     o.name, info.declared_text, o.value,
                                     info.dimension.empty()
                                         ? "a plain number"
                                         : "a value in " + info.unit + " (" + info.dimension + ")",
                                     dimension.empty() ? "a plain number" : dimension));
                    continue;
                }
                if (info.type == ValueType::integer && std::floor(base) != base) {
                    fail("E081", fmt::format("cannot override `{}` with \"{}\": `{}` takes a "
                                             "whole number",
                                             o.name, o.value, o.name));
                    continue;
                }
                base = value->number * (unit ? unit->to_base : 1.0);
                if (!std::isfinite(base)) {
                    fail("E081", fmt::format("cannot override `{}` with \"{}\": it is not finite "
                                             "once converted",
                                             o.name, o.value));
                    continue;
                }
            }
            info.value = base / info.to_base;
            info.overridden = true;
            p_.parameter_base_values[s->index] = base;
        }
    }

    struct OverrideValue {
        bool boolean = false;
        double number = 0;
        std::string unit;
    };

    static std::optional<OverrideValue> parse_override_value(std::string_view text) {
        auto trim = [](std::string_view s) {
            while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
            while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
            return s;
        };
        text = trim(text);
        if (text == "true" || text == "false")
            return OverrideValue{true, text == "true" ? 1.0 : 0.0, {}};
        OverrideValue v;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v.number);
        if (ec != std::errc() || !std::isfinite(v.number)) return std::nullopt;
        auto unit = trim(text.substr(static_cast<std::size_t>(ptr - text.data())));
        for (char c : unit)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return std::nullopt;
        v.unit = std::string(unit);
        return v;
    }

    std::uint32_t add_item(ItemKind kind, std::uint32_t index, const ast::OrExpr& expr) {
        auto begin = static_cast<std::uint32_t>(p_.nodes.size());
        lower_condition(ctx_, expr);
        p_.items.push_back({kind, index, begin, static_cast<std::uint32_t>(p_.nodes.size())});
        return static_cast<std::uint32_t>(p_.items.size() - 1);
    }

    void step_decl(const ast::StepDecl& d, StepIndex index) {
        auto& s = p_.steps[index];
        s.title = d.title.value;
        s.location = ctx_.source.span(d.name.begin, d.name.end);
        Clauses clauses(ctx_, d.clauses, {"requires", "population", "cite"}, "step");
        s.cite = clauses.text("cite");
        auto population = population_clause(clauses.word("population"));
        if (population != no_index) s.population = population;
        if (const auto* gate = clauses.expr("requires")) {
            s.gated = true;
            p_.gate_item[index] = add_item(ItemKind::gate, index, *gate);
        }
    }

    /// The population a `population NAME` clause names, or no_index (after an error, if any).
    std::uint32_t population_clause(const ast::WordClause* clause) {
        if (!clause) return no_index;
        const auto& id = clause->word;
        const Symbol* s = ctx_.find(id.name);
        if (s && s->kind == SymbolKind::population) return s->index;
        if (ctx_.failed_to_parse(id.name)) return no_index;
        if (s)
            ctx_.error("E074", id.begin, id.end,
                       fmt::format("`{}` is {}, not a population: declare `population {} "
                                   "\"…\" when …`",
                                   id.name, with_article(describe(s->kind)), id.name));
        else {
            std::vector<std::string> names;
            for (const auto& pop : p_.populations) names.push_back(pop.name);
            auto suggestion = detail::closest_spelling(id.name, names);
            ctx_.error(
                "E030", id.begin, id.end,
                fmt::format("`{}` is not defined{}", id.name,
                            suggestion.empty() ? std::string("; declare it with `population`")
                                               : "; did you mean `" + suggestion + "`?"));
        }
        return no_index;
    }

    std::uint32_t offset_of(std::string_view text) const {
        return static_cast<std::uint32_t>(text.data() - ctx_.source.text().data());
    }

    void population_decl(const ast::PopulationDecl& d, PopulationIndex index) {
        auto& info = p_.populations[index];
        info.title = d.title.value;
        info.location = ctx_.source.span(d.name.begin, d.name.end);
        Clauses clauses(ctx_, d.clauses, {"when", "cite"}, "population");
        info.cite = clauses.text("cite");
        const auto* when = clauses.expr("when");
        if (!when) {
            ctx_.error("E040", d.begin, d.name.end,
                       fmt::format("population `{}` has no `when` condition", info.name));
            return;
        }
        auto item = add_item(ItemKind::population, index, *when);
        p_.population_item[index] = item;
        // Who the rule is about cannot depend on what the rule concludes.
        for (auto n = p_.items[item].node_begin; n < p_.items[item].node_end; ++n)
            if (p_.nodes[n].op == detail::NodeOp::conclusion_ref)
                ctx_.error("E074", offset_of(p_.nodes[n].text),
                           offset_of(p_.nodes[n].text) +
                               static_cast<std::uint32_t>(p_.nodes[n].text.size()),
                           fmt::format("population `{}` reads the conclusion `{}`: a population "
                                       "may use facts and criteria, not conclusions",
                                       info.name, p_.conclusions[p_.nodes[n].ref].name));
    }

    void criterion_decl(const ast::CriterionDecl& d, CriterionIndex index) {
        auto& c = p_.criteria[index];
        c.title = d.title.value;
        c.location = ctx_.source.span(d.name.begin, d.name.end);
        Clauses clauses(ctx_, d.clauses, {"when", "pass", "fail", "cite", "per"}, "criterion");
        c.pass_text = clauses.text("pass");
        c.fail_text = clauses.text("fail");
        c.cite = clauses.text("cite");
        if (const auto* when = clauses.expr("when"))
            p_.criterion_item[index] = add_item(ItemKind::criterion, index, *when);
        else
            ctx_.error("E040", d.begin, d.name.end,
                       fmt::format("criterion `{}` has no `when` condition", c.name));
        if (!clauses.find("pass") || !clauses.find("fail"))
            ctx_.warning("W005", d.name.begin, d.name.end,
                         fmt::format("criterion `{}` should give the guide's wording for both "
                                     "`pass` and `fail`",
                                     c.name));
        if (c.cite.empty())
            ctx_.warning("W003", d.name.begin, d.name.end,
                         fmt::format("criterion `{}` has no `cite`: say which step and point "
                                     "of the guide it encodes",
                                     c.name));
    }

    void conclusion_decl(const ast::ConclusionDecl& d, ConclusionIndex index) {
        auto& c = p_.conclusions[index];
        c.title = d.title.value;
        c.kind = conclusion_kind(d.kind);
        c.location = ctx_.source.span(d.name.begin, d.name.end);
        bool recommend = c.kind == ConclusionKind::recommendation;
        Clauses clauses =
            recommend
                ? Clauses(ctx_, d.clauses, {"when", "because", "dose", "cite", "severity", "per"},
                          d.kind)
                : Clauses(ctx_, d.clauses, {"when", "because", "cite", "severity", "per"}, d.kind);
        c.because = clauses.text("because");
        c.dose = clauses.text("dose");
        c.cite = clauses.text("cite");
        c.urgency = c.kind == ConclusionKind::referral || c.kind == ConclusionKind::escalation
                        ? Urgency::warning
                        : Urgency::info;
        if (const auto* sev = clauses.word("severity")) {
            const auto& w = sev->word.name;
            if (w == "info")
                c.urgency = Urgency::info;
            else if (w == "warning")
                c.urgency = Urgency::warning;
            else if (w == "critical")
                c.urgency = Urgency::critical;
            else
                ctx_.error("E043", sev->word.begin, sev->word.end,
                           fmt::format("unknown severity `{}`: use info, warning or critical", w));
        } else if (c.kind == ConclusionKind::red_flag || c.kind == ConclusionKind::caution) {
            ctx_.error("E040", d.begin, d.name.end,
                       fmt::format("{} `{}` needs a `severity` (info, warning or critical)", d.kind,
                                   c.name));
        }
        if (const auto* when = clauses.expr("when"))
            p_.conclusion_item[index] = add_item(ItemKind::conclusion, index, *when);
        else
            ctx_.error("E040", d.begin, d.name.end,
                       fmt::format("{} `{}` has no `when` condition", d.kind, c.name));
        if (const auto* because = clauses.find("because"))
            check_template(*because, c.because);
        else
            ctx_.warning(
                "W006", d.name.begin, d.name.end,
                fmt::format("{} `{}` has no `because` text to explain it", d.kind, c.name));
        if (c.cite.empty())
            ctx_.warning("W003", d.name.begin, d.name.end,
                         fmt::format("{} `{}` has no `cite`: say which step and point of the "
                                     "guide it encodes",
                                     d.kind, c.name));
    }

    void check_template(const ast::Clause& clause, const std::string& text) {
        const auto& lit = boost::get<ast::TextClause>(clause.var).text;
        auto at = [&](std::size_t offset) {
            // +1 for the opening quote; escapes make this approximate, never out of the string
            return std::min<std::uint32_t>(lit.begin + 1 + static_cast<std::uint32_t>(offset),
                                           lit.end);
        };
        auto unclosed = detail::walk_template(
            text, [](std::string_view) {},
            [&](std::string_view name, std::size_t offset) {
                const Symbol* s = ctx_.find(std::string(name));
                if (s && s->kind == SymbolKind::fact) {
                    ctx_.fact_used[s->index] = true;
                    return;
                }
                if (s && s->kind == SymbolKind::parameter) {
                    ctx_.parameter_used[s->index] = true;
                    return;
                }
                if (s && s->kind == SymbolKind::score) return;
                auto end = at(offset + name.size() + 2);
                auto suggestion =
                    detail::closest_spelling(name, ctx_.names_where([](const Symbol& candidate) {
                        return candidate.kind == SymbolKind::fact ||
                               candidate.kind == SymbolKind::parameter ||
                               candidate.kind == SymbolKind::score;
                    }));
                ctx_.error(
                    "E100", at(offset), end,
                    fmt::format("placeholder `{{{}}}` names no fact, parameter or score{}", name,
                                suggestion.empty()
                                    ? std::string()
                                    : fmt::format("; did you mean `{{{}}}`?", suggestion)));
            });
        if (unclosed != std::string_view::npos)
            ctx_.error("E100", at(unclosed), at(unclosed + 1),
                       "unclosed `{` in the explanation text: placeholders look like `{fact}`");
    }

    void unused() {
        // A typo'd reference would also make its fact look unused: fix the error first.
        if (has_errors(ctx_.diagnostics)) return;
        for (std::size_t i = 0; i < p_.facts.size(); ++i)
            if (!ctx_.fact_used[i]) {
                const auto& s = ctx_.symbols.at(p_.facts[i].name);
                ctx_.warning("W001", s.begin, s.end,
                             fmt::format("fact `{}` is not used by any rule", p_.facts[i].name));
            }
        for (std::size_t i = 0; i < p_.parameters.size(); ++i)
            if (!ctx_.parameter_used[i]) {
                const auto& s = ctx_.symbols.at(p_.parameters[i].name);
                ctx_.warning(
                    "W004", s.begin, s.end,
                    fmt::format("parameter `{}` is not used by any rule", p_.parameters[i].name));
            }
        for (std::size_t i = 0; i < ctx_.item_lists.size(); ++i)
            if (!ctx_.item_list_used[i] && !ctx_.item_lists[i]->synthetic) {
                const auto& name = ctx_.item_lists[i]->name;
                ctx_.warning("W008", name.begin, name.end,
                             fmt::format("item list `{}` is not used by any rule", name.name));
            }
    }

    CheckContext& ctx_;
    detail::Program& p_;
    const std::vector<ParameterOverride>& overrides_;
    const ast::RulesetDecl* header_ = nullptr;
    std::optional<Clauses> header_clauses_;
};

}  // namespace

void check_rules(const ast::File& file, const detail::SourceText& source,
                 const std::vector<ParameterOverride>& overrides,
                 const std::vector<std::string>& unparsed, detail::Program& program,
                 std::vector<Diagnostic>& diagnostics) {
    CheckContext ctx(source, program, diagnostics, unparsed);
    auto expanded = expand_instances(file, ctx);
    Checker(ctx, overrides).run(expanded ? *expanded : file);
    program.units = ctx.units.all();
}

}  // namespace ilio::check
