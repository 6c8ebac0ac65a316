#pragma once
// A patient kept inside an Evaluation for the parts worked out on first use (facts needed next,
// closers): copied when evaluated, read back as a reading context.

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "program/program.hpp"

namespace ilio::detail {

/// Sizes a copy for a program, once; copies into it then allocate nothing.
void size_patient_copy(const Program& p, PatientCopy& copy);

/// Copies a patient's facts, earlier visits and history (as `context` read them) into `copy`.
void copy_patient(const Facts& facts, const ReadingContext& context, PatientCopy& copy);

/// The reading context of a copied patient, as reading_context() gave it for the original:
/// the program's bands, the copy's visits and history. Points into `copy`.
ReadingContext reading_context(const Program& p, const PatientCopy& copy) noexcept;

}  // namespace ilio::detail
