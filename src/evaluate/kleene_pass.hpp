#pragma once
// One forward pass of three-valued (Kleene) evaluation over a program's items in topological
// order. The evaluation of a patient is one pass; exact answers run one more per case.

#include <cstdint>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "program/program.hpp"

namespace ilio::detail {

/// Sizes every buffer of a pass for a program, once; passes into it then allocate nothing.
void size_pass_values(const Program& p, PassValues& values);

/// Evaluates every item, or with `only`, the items it marks (the others keep their values in
/// `values`: exact answers re-evaluate only what a case can change). `bands`: per fact, the
/// borderline band a reading has (leaf_truth), or nullptr to compare exactly.
void run_kleene_pass(const Program& p, const std::vector<FactValue>& facts, PassValues& values,
                     const double* bands, const std::uint8_t* only = nullptr);

/// The bands a patient's readings have: nullptr when no fact of the program is measured.
inline const double* reading_bands(const Program& p) noexcept {
    return p.error_k == no_index ? nullptr : p.fact_band.data();
}

}  // namespace ilio::detail
