// Whether two rules texts compile to the same program: the check that keeps `ilio fmt` honest,
// used by the formatter itself, its tests and its fuzz target.

#include <fmt/format.h>

#include "ilio/format.hpp"
#include "ilio/rule_set.hpp"
#include "program/node_equality.hpp"
#include "program/program.hpp"

namespace ilio {

namespace {

using detail::Program;

std::string differ(std::string_view what, std::size_t index) {
    return fmt::format("{} #{} differs", what, index);
}

template <typename T, typename Same>
std::string compare_lists(std::string_view what, const std::vector<T>& a, const std::vector<T>& b,
                          Same same) {
    if (a.size() != b.size()) return fmt::format("{} {} vs {} {}", a.size(), what, b.size(), what);
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return differ(what, i);
    return {};
}

bool same_node(const detail::Node& a, const detail::Node& b) {
    return detail::same_test(a, b) && a.first_child == b.first_child;
}

std::string compare_programs(const Program& a, const Program& b) {
    if (a.name != b.name || a.version != b.version || a.title != b.title || a.source != b.source)
        return "the ruleset header";
    std::string d;
    auto first = [&](std::string found) {
        if (d.empty()) d = std::move(found);
    };
    first(compare_lists("units", a.units, b.units, [](const UnitInfo& x, const UnitInfo& y) {
        return x.name == y.name && x.dimension == y.dimension && x.to_base == y.to_base;
    }));
    first(compare_lists("facts", a.facts, b.facts, [](const FactInfo& x, const FactInfo& y) {
        return x.name == y.name && x.type == y.type && x.unit == y.unit && x.minimum == y.minimum &&
               x.maximum == y.maximum && x.members == y.members && x.description == y.description &&
               x.ask == y.ask && x.error == y.error;
    }));
    first(compare_lists("parameters", a.parameters, b.parameters,
                        [](const ParameterInfo& x, const ParameterInfo& y) {
                            return x.name == y.name && x.type == y.type && x.value == y.value &&
                                   x.unit == y.unit && x.description == y.description &&
                                   x.cite == y.cite;
                        }));
    first(compare_lists(
        "criteria", a.criteria, b.criteria, [](const CriterionInfo& x, const CriterionInfo& y) {
            return x.name == y.name && x.title == y.title && x.pass_text == y.pass_text &&
                   x.fail_text == y.fail_text && x.cite == y.cite && x.step == y.step;
        }));
    first(compare_lists("conclusions", a.conclusions, b.conclusions,
                        [](const ConclusionInfo& x, const ConclusionInfo& y) {
                            return x.name == y.name && x.title == y.title && x.kind == y.kind &&
                                   x.urgency == y.urgency && x.because == y.because &&
                                   x.dose == y.dose && x.cite == y.cite && x.step == y.step;
                        }));
    first(compare_lists("steps", a.steps, b.steps, [](const StepInfo& x, const StepInfo& y) {
        return x.name == y.name && x.title == y.title && x.cite == y.cite && x.gated == y.gated &&
               x.conclusions == y.conclusions;
    }));
    first(compare_lists("condition nodes", a.nodes, b.nodes, same_node));
    first(compare_lists("children", a.children, b.children,
                        [](std::uint32_t x, std::uint32_t y) { return x == y; }));
    first(
        compare_lists("items", a.items, b.items, [](const detail::Item& x, const detail::Item& y) {
            return x.kind == y.kind && x.index == y.index && x.node_begin == y.node_begin &&
                   x.node_end == y.node_end;
        }));
    first(compare_lists("parameter values", a.parameter_base_values, b.parameter_base_values,
                        [](double x, double y) { return x == y; }));
    return d;
}

}  // namespace

std::string program_difference(std::string_view a, std::string_view b) {
    auto x = compile(a);
    auto y = compile(b);
    if (!x.ok() || !y.ok())
        return x.ok() ? "the second text does not compile"
                      : (y.ok() ? "the first text does not compile" : "neither text compiles");
    return compare_programs(x.rule_set->program(), y.rule_set->program());
}

}  // namespace ilio
