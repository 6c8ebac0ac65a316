#pragma once
// Whether two compiled nodes make the same test, whatever their children's positions: shared by
// the checker (a list item written twice, E079) and the formatter's check that formatting kept
// the program.

#include "program/program.hpp"

namespace ilio::detail {

inline bool same_operand(const Operand& a, const Operand& b) noexcept {
    return a.kind == b.kind && a.index == b.index && a.value == b.value;
}

/// Every field but where the children sit (compare those separately).
inline bool same_test(const Node& a, const Node& b) noexcept {
    return a.op == b.op && a.compare == b.compare && a.negate == b.negate &&
           a.constant == b.constant && a.child_count == b.child_count && a.ref == b.ref &&
           a.count == b.count && a.mask == b.mask && same_operand(a.operands[0], b.operands[0]) &&
           same_operand(a.operands[1], b.operands[1]) && same_operand(a.operands[2], b.operands[2]);
}

}  // namespace ilio::detail
