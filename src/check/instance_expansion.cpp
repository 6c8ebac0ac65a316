#include "check/instance_expansion.hpp"

#include <cctype>
#include <map>

#include <fmt/format.h>

namespace ilio::check {

namespace {

/// More members than this is not a side or a small set of instances: copying every rule per
/// member would multiply the rule set.
constexpr std::size_t max_instances = 16;

struct InstanceSet {
    std::vector<std::string> members;
};

/// A declaration `per SET`: its set and whether its instances form a list of conditions.
struct Template {
    std::string set;
    bool condition = false;
};

const ast::WordClause* per_clause(const std::vector<ast::Clause>& clauses) {
    for (const auto& c : clauses)
        if (const auto* w = boost::get<ast::WordClause>(&c.var); w && w->key == "per") return w;
    return nullptr;
}

template <typename Decl>
void drop_per_clause(Decl& d) {
    std::erase_if(d.clauses, [](const ast::Clause& c) {
        const auto* w = boost::get<ast::WordClause>(&c.var);
        return w && w->key == "per";
    });
}

std::string capitalised(std::string word) {
    if (!word.empty())
        word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    return word;
}

class Expander {
  public:
    explicit Expander(CheckContext& ctx) : ctx_(ctx) {}

    std::optional<ast::File> run(const ast::File& file) {
        bool any = false;
        for (const auto& d : file.declarations) {
            if (const auto* set = boost::get<ast::InstancesDecl>(&d.var)) {
                declare_set(*set);
                any = true;
            } else if (clauses_of(d) && per_clause(*clauses_of(d))) {
                any = true;
            }
        }
        if (!any) return std::nullopt;
        for (const auto& d : file.declarations) find_template(d);

        ast::File out;
        for (const auto& d : file.declarations) {
            const auto* clauses = clauses_of(d);
            const auto* per = clauses ? per_clause(*clauses) : nullptr;
            auto name = name_of(d);
            auto t = name ? templates_.find(*name) : templates_.end();
            if (!per || t == templates_.end()) {
                out.declarations.push_back(d);
                continue;
            }
            const auto& members = sets_.at(t->second.set).members;
            for (std::size_t m = 0; m < members.size(); ++m) {
                ast::Declaration copy = d;
                Instance instance{t->second.set, members[m], m == 0};
                boost::apply_visitor([&](auto& decl) { this->instantiate(decl, instance); },
                                     copy.var);
                out.declarations.push_back(std::move(copy));
            }
            if (t->second.condition) {
                out.declarations.push_back(instance_list(d, *name, members));
            } else {
                auto& names = ctx_.instances_of[*name];
                for (const auto& m : members) names.push_back(*name + "." + m);
            }
        }
        return out;
    }

  private:
    struct Instance {
        const std::string& set;
        const std::string& member;
        bool first;  // report problems of the template once, with its first copy
    };

    static const std::vector<ast::Clause>* clauses_of(const ast::Declaration& d) {
        if (const auto* f = boost::get<ast::FactDecl>(&d.var)) return &f->clauses;
        if (const auto* c = boost::get<ast::CriterionDecl>(&d.var)) return &c->clauses;
        if (const auto* c = boost::get<ast::ConclusionDecl>(&d.var)) return &c->clauses;
        return nullptr;
    }

    static std::optional<std::string> name_of(const ast::Declaration& d) {
        if (const auto* f = boost::get<ast::FactDecl>(&d.var)) return f->name.name;
        if (const auto* c = boost::get<ast::CriterionDecl>(&d.var)) return c->name.name;
        if (const auto* c = boost::get<ast::ConclusionDecl>(&d.var)) return c->name.name;
        return std::nullopt;
    }

    void declare_set(const ast::InstancesDecl& d) {
        if (sets_.count(d.name.name)) {
            ctx_.error("E031", d.name.begin, d.name.end,
                       fmt::format("instance set `{}` is already defined", d.name.name));
            return;
        }
        InstanceSet set;
        for (const auto& m : d.members) {
            if (std::find(set.members.begin(), set.members.end(), m.name) != set.members.end()) {
                ctx_.error("E072", m.begin, m.end,
                           fmt::format("`{}` is listed twice in `{}`", m.name, d.name.name));
                continue;
            }
            set.members.push_back(m.name);
        }
        if (set.members.size() > max_instances) {
            ctx_.error("E083", d.begin, d.end,
                       fmt::format("instance set `{}` has {} members; at most {} are allowed "
                                   "(every rule declared per it is copied for each)",
                                   d.name.name, set.members.size(), max_instances));
            set.members.resize(max_instances);
        }
        sets_.emplace(d.name.name, std::move(set));
    }

    void find_template(const ast::Declaration& d) {
        const auto* clauses = clauses_of(d);
        const auto* per = clauses ? per_clause(*clauses) : nullptr;
        if (!per) return;
        if (!sets_.count(per->word.name)) {
            ctx_.error("E083", per->word.begin, per->word.end,
                       fmt::format("no instance set `{}`: declare it, e.g. `instances {} = "
                                   "{{left, right}}`",
                                   per->word.name, per->word.name));
            return;
        }
        bool condition = !boost::get<ast::FactDecl>(&d.var) ||
                         boost::get<ast::FactDecl>(d.var).type.kind == "bool";
        templates_[*name_of(d)] = Template{per->word.name, condition};
    }

    // --- one copy ---------------------------------------------------------------------

    void instantiate(ast::FactDecl& d, const Instance& i) {
        rename_declared(d.name, i);
        drop_per_clause(d);
        if (d.description) d.description->value = text(d.description->value, i);
        clauses(d.clauses, i);
    }
    void instantiate(ast::CriterionDecl& d, const Instance& i) {
        rename_declared(d.name, i);
        drop_per_clause(d);
        d.title.value = title(d.title.value, i);
        clauses(d.clauses, i);
    }
    void instantiate(ast::ConclusionDecl& d, const Instance& i) {
        rename_declared(d.name, i);
        drop_per_clause(d);
        d.title.value = title(d.title.value, i);
        clauses(d.clauses, i);
    }
    template <typename Other>
    void instantiate(Other&, const Instance&) {}  // not a template kind: never copied

    void rename_declared(ast::Identifier& id, const Instance& i) { id.name += "." + i.member; }

    void clauses(std::vector<ast::Clause>& list, const Instance& i) {
        for (auto& c : list) {
            if (auto* e = boost::get<ast::ExprClause>(&c.var)) expr(e->expr.get(), i);
            if (auto* t = boost::get<ast::TextClause>(&c.var))
                t->text.value = text(t->text.value, i);
        }
    }

    /// A title names its instance: where it places `{SET}`, or in front ("Left: …").
    std::string title(const std::string& title, const Instance& i) {
        if (title.find("{" + i.set + "}") != std::string::npos) return text(title, i);
        return capitalised(i.member) + ": " + text(title, i);
    }

    /// `{SET}` reads the member; `{name}` of a declaration per the same set, its instance.
    std::string text(const std::string& in, const Instance& i) {
        std::string out;
        std::size_t pos = 0;
        while (pos < in.size()) {
            auto open = in.find('{', pos);
            auto close = open == std::string::npos ? open : in.find('}', open);
            if (close == std::string::npos) {
                out += in.substr(pos);
                break;
            }
            out += in.substr(pos, open - pos);
            std::string inner = in.substr(open + 1, close - open - 1);
            if (inner == i.set) {
                out += i.member;
            } else {
                auto t = templates_.find(inner);
                out += "{" +
                       (t != templates_.end() && t->second.set == i.set ? inner + "." + i.member
                                                                        : inner) +
                       "}";
            }
            pos = close + 1;
        }
        return out;
    }

    void reference(ast::Identifier& id, const Instance& i) {
        auto t = templates_.find(id.name);
        if (t == templates_.end()) return;
        if (t->second.set == i.set) {
            id.name += "." + i.member;
            return;
        }
        const auto& first = sets_.at(t->second.set).members.front();
        if (i.first)
            ctx_.error("E083", id.begin, id.end,
                       fmt::format("`{}` is declared per `{}`, but this declaration is per `{}`: "
                                   "name one instance, e.g. `{}.{}`",
                                   id.name, t->second.set, i.set, id.name, first));
        id.name += "." + first;  // as the hint says, so checking goes on without more errors
    }

    void operand(ast::Operand& o, const Instance& i) {
        if (auto* id = boost::get<ast::Identifier>(&o.var)) reference(*id, i);
        if (auto* s = boost::get<ast::x3::forward_ast<ast::Sum>>(&o.var)) sum(s->get(), i);
    }

    void sum(ast::Sum& s, const Instance& i) {
        auto product = [&](ast::Product& p) {
            factor(p.first, i);
            for (auto& step : p.rest) factor(step.factor, i);
        };
        product(s.first);
        for (auto& step : s.rest) product(step.product);
    }

    void factor(ast::Factor& f, const Instance& i) {
        if (auto* id = boost::get<ast::Identifier>(&f.var)) reference(*id, i);
        if (auto* v = boost::get<ast::VisitRef>(&f.var)) reference(v->fact, i);
        if (auto* t = boost::get<ast::VisitTime>(&f.var); t && t->fact) reference(*t->fact, i);
        if (auto* s = boost::get<ast::x3::forward_ast<ast::Sum>>(&f.var)) sum(s->get(), i);
        if (auto* c = boost::get<ast::x3::forward_ast<ast::Call>>(&f.var))
            for (auto& argument : c->get().arguments) sum(argument, i);
    }

    void source(ast::ItemSource& s, const Instance& i) {
        for (auto& item : s.items) expr(item, i);
        if (s.list) reference(*s.list, i);
    }

    void atom(ast::Atom& a, const Instance& i) {
        if (auto* c = boost::get<ast::Comparison>(&a.var)) {
            operand(c->lhs, i);
            if (c->held) operand(c->held->get().duration, i);
            if (!c->tail) return;
            if (auto* t = boost::get<ast::CompareTail>(&c->tail->var)) operand(t->rhs, i);
            if (auto* t = boost::get<ast::x3::forward_ast<ast::BetweenTail>>(&c->tail->var)) {
                operand(t->get().low, i);
                operand(t->get().high, i);
            }
        } else if (auto* e = boost::get<ast::x3::forward_ast<ast::OrExpr>>(&a.var)) {
            expr(e->get(), i);
        } else if (auto* l = boost::get<ast::x3::forward_ast<ast::AtLeast>>(&a.var)) {
            operand(l->get().count, i);
            source(l->get().source, i);
        } else if (auto* l = boost::get<ast::x3::forward_ast<ast::ListOf>>(&a.var)) {
            source(l->get().source, i);
        }
    }

    void expr(ast::OrExpr& e, const Instance& i) {
        auto and_expr = [&](ast::AndExpr& a) {
            atom(a.first.atom, i);
            for (auto& u : a.rest) atom(u.atom, i);
        };
        and_expr(e.first);
        for (auto& a : e.rest) and_expr(a);
    }

    /// `items NAME = (NAME.a, NAME.b, …)`, placed where the template was, its text there too.
    static ast::Declaration instance_list(const ast::Declaration& d, const std::string& name,
                                          const std::vector<std::string>& members) {
        const ast::Identifier* declared = nullptr;
        if (const auto* f = boost::get<ast::FactDecl>(&d.var)) declared = &f->name;
        if (const auto* c = boost::get<ast::CriterionDecl>(&d.var)) declared = &c->name;
        if (const auto* c = boost::get<ast::ConclusionDecl>(&d.var)) declared = &c->name;
        auto at = [&](auto& node) {
            node.begin = declared->begin;
            node.end = declared->end;
        };
        ast::ItemsDecl list;
        at(list);
        list.name = *declared;
        list.synthetic = true;
        for (const auto& m : members) {
            ast::Identifier id;
            at(id);
            id.name = name + "." + m;
            ast::Comparison comparison;
            at(comparison);
            comparison.lhs = ast::Operand(id);
            at(comparison.lhs);
            ast::OrExpr item;
            at(item);
            at(item.first);
            at(item.first.first);
            item.first.first.atom = ast::Atom(comparison);
            at(item.first.first.atom);
            list.items.push_back(std::move(item));
        }
        ast::Declaration out(list);
        at(out);
        return out;
    }

    CheckContext& ctx_;
    std::map<std::string, InstanceSet> sets_;
    std::map<std::string, Template> templates_;
};

}  // namespace

std::optional<ast::File> expand_instances(const ast::File& file, CheckContext& ctx) {
    return Expander(ctx).run(file);
}

}  // namespace ilio::check
