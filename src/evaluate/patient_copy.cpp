#include "evaluate/patient_copy.hpp"

#include <algorithm>

#include "evaluate/kleene_pass.hpp"

namespace ilio::detail {

void size_patient_copy(const Program& p, PatientCopy& copy) {
    copy.facts.assign(p.facts.size(), FactValue{});
    copy.baseline.assign(p.facts.size(), FactValue{});
    copy.previous.assign(p.facts.size(), FactValue{});
    copy.history.assign(p.nodes.size(), Truth::false_);
}

void copy_patient(const Facts& facts, const ReadingContext& context, PatientCopy& copy) {
    copy.facts = facts.values();
    copy.baseline = facts.baseline_values();
    copy.has_previous = facts.previous_values() != nullptr;
    if (copy.has_previous) copy.previous = *facts.previous_values();
    copy.since_baseline = context.since_baseline;
    copy.since_previous = context.since_previous;
    copy.since_baseline_known = context.since_baseline_known;
    copy.since_previous_known = context.since_previous_known;
    copy.now = context.now;
    copy.now_known = context.now_known;
    if (context.history) std::copy_n(context.history, copy.history.size(), copy.history.begin());
}

ReadingContext reading_context(const Program& p, const PatientCopy& copy) noexcept {
    ReadingContext c;
    c.bands = reading_bands(p);
    c.baseline = copy.baseline.data();
    c.previous = copy.has_previous ? copy.previous.data() : nullptr;
    c.since_baseline = copy.since_baseline;
    c.since_previous = copy.since_previous;
    c.since_baseline_known = copy.since_baseline_known;
    c.since_previous_known = copy.since_previous_known;
    c.now = copy.now;
    c.now_known = copy.now_known;
    c.history = copy.history.data();
    return c;
}

}  // namespace ilio::detail
