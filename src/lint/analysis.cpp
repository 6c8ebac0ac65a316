#include "lint/analysis.hpp"

namespace ilio::linter {

Analysis::Analysis(const detail::Program& program, const detail::SourceText& source,
                   const format::Outline& outline, std::vector<Directive>& directives)
    : p_(program),
      source_(source),
      outline_(outline),
      directives_(directives),
      encoding_(program) {}

LintFinding& Analysis::add(std::string_view code, SourceSpan span, std::string message) {
    return findings_.emplace_back(make_finding(code, p_.file_name, span, std::move(message)));
}

void Analysis::witness(LintFinding& f, const z3::model& patient,
                       const std::vector<std::uint32_t>& facts, std::vector<std::uint32_t> fire,
                       std::vector<std::uint32_t> not_fire) {
    f.witness = encoding_.witness(patient, facts);
    auto finding = static_cast<std::size_t>(&f - findings_.data());
    claims_.push_back({finding, std::move(fire), std::move(not_fire)});
}

DiagnosticNote Analysis::conclusion_note(std::uint32_t c, std::string message) const {
    return {std::move(message), p_.file_name, p_.conclusions[c].location};
}
DiagnosticNote Analysis::criterion_note(std::uint32_t c, std::string message) const {
    return {std::move(message), p_.file_name, p_.criteria[c].location};
}
DiagnosticNote Analysis::step_note(std::uint32_t s, std::string message) const {
    return {std::move(message), p_.file_name, p_.steps[s].location};
}
DiagnosticNote Analysis::fact_note(std::uint32_t f, std::string message) const {
    return {std::move(message), p_.file_name, p_.facts[f].location};
}

const format::DeclarationOutline* Analysis::declaration(std::string_view name) const {
    // Indexed on first use: a search of every declaration for each conclusion L042 asks about
    // was quadratic in the rule set. The first of a repeated name is kept, as a search from
    // the front finds it.
    if (declarations_by_name_.empty())
        for (const auto& d : outline_.declarations) declarations_by_name_.try_emplace(d.name, &d);
    auto found = declarations_by_name_.find(name);
    return found == declarations_by_name_.end() ? nullptr : found->second;
}

}  // namespace ilio::linter
