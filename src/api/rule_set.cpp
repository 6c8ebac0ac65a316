// RuleSet's accessors over the shared, immutable program.

#include "ilio/rule_set.hpp"

#include "graph/decision_graph.hpp"
#include "program/program.hpp"
#include "report/decision_graph_dot.hpp"

namespace ilio {

RuleSet::RuleSet(std::shared_ptr<const detail::Program> program) noexcept
    : program_(std::move(program)) {}

const std::string& RuleSet::name() const noexcept {
    return program_->name;
}
const std::string& RuleSet::version() const noexcept {
    return program_->version;
}
const std::string& RuleSet::title() const noexcept {
    return program_->title;
}
const std::string& RuleSet::source() const noexcept {
    return program_->source;
}
const std::string& RuleSet::source_hash() const noexcept {
    return program_->source_hash;
}
const std::string& RuleSet::file_name() const noexcept {
    return program_->file_name;
}

std::span<const FactInfo> RuleSet::facts() const noexcept {
    return program_->facts;
}
std::span<const ParameterInfo> RuleSet::parameters() const noexcept {
    return program_->parameters;
}
std::span<const CriterionInfo> RuleSet::criteria() const noexcept {
    return program_->criteria;
}
std::span<const ConclusionInfo> RuleSet::conclusions() const noexcept {
    return program_->conclusions;
}
std::span<const StepInfo> RuleSet::steps() const noexcept {
    return program_->steps;
}
std::span<const UnitInfo> RuleSet::units() const noexcept {
    return program_->units;
}

std::optional<FactIndex> RuleSet::find_fact(std::string_view name) const noexcept {
    return program_->fact_names.find(name);
}
std::optional<ParameterIndex> RuleSet::find_parameter(std::string_view name) const noexcept {
    return program_->parameter_names.find(name);
}
std::optional<CriterionIndex> RuleSet::find_criterion(std::string_view name) const noexcept {
    return program_->criterion_names.find(name);
}
std::optional<ConclusionIndex> RuleSet::find_conclusion(std::string_view name) const noexcept {
    return program_->conclusion_names.find(name);
}
std::optional<StepIndex> RuleSet::find_step(std::string_view name) const noexcept {
    return program_->step_names.find(name);
}

std::span<const PopulationInfo> RuleSet::populations() const noexcept {
    return program_->populations;
}

std::optional<PopulationIndex> RuleSet::population() const noexcept {
    if (program_->population == detail::no_index) return std::nullopt;
    return program_->population;
}

std::span<const ScoreInfo> RuleSet::scores() const noexcept {
    return program_->scores;
}

std::optional<ScoreIndex> RuleSet::find_score(std::string_view name) const noexcept {
    return program_->score_names.find(name);
}

std::optional<PopulationIndex> RuleSet::find_population(std::string_view name) const noexcept {
    return program_->population_names.find(name);
}

std::string RuleSet::to_dot() const {
    return report::decision_graph_dot(*program_, nullptr);
}

const std::string& RuleSet::source_text() const noexcept {
    return program_->source_text;
}
std::span<const ParameterOverride> RuleSet::overrides() const noexcept {
    return program_->overrides;
}

}  // namespace ilio
