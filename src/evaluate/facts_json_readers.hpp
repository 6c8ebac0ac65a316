#pragma once
// The two readers behind read_facts_json. The fast reader (simdjson On-Demand) reads the
// documents that are entirely correct, which are nearly all of them, and declines everything
// else; the checked reader (nlohmann) then reads the document again and says what is wrong,
// word for word as it always has. read_facts_json is the fast reader, else the checked one, so
// the fast reader must never accept a document the checked reader rejects or warns about, and
// must give the same Facts when both accept: tests/facts_json checks that they agree on every
// example patient, corpus document and thousands of mutations of them, and fuzz_facts checks it
// on whatever the fuzzer finds.

#include <cstddef>
#include <optional>
#include <string_view>

#include "ilio/facts.hpp"

namespace ilio::detail {

/// The facts of a document with no problem at all (no error, nothing a lenient reading would
/// warn about); nothing when there is any problem, or when the document is correct but unusual
/// in a way the fast reader leaves to the checked one (an escape sequence in a string, a visit
/// whose "facts" come before its "date", a number beyond 64-bit integers, and the like).
/// `readable`: how many bytes from `json.data()` may be read, the document and what follows it;
/// with simdjson's padding after the document they are parsed where they are, else copied.
std::optional<Facts> read_facts_json_fast(const RuleSet& rules, std::string_view json,
                                          std::size_t readable = 0);

/// The padding simdjson reads past a document's end (its content does not matter).
std::size_t facts_json_padding() noexcept;

/// read_facts_json of a document followed by at least facts_json_padding() readable bytes
/// (`readable` counts from `json.data()`): a batch's line, read where it lies in its block.
FactsResult read_facts_json_in_place(const RuleSet& rules, std::string_view json,
                                     std::size_t readable, const FactsOptions& options);

/// The checked reader: every document, every problem named (see read_facts_json).
FactsResult read_facts_json_checked(const RuleSet& rules, std::string_view json,
                                    const FactsOptions& options);

/// Most visits one document may hold: a history of any clinical length, bounded memory.
inline constexpr std::size_t max_facts_json_visits = 100'000;

}  // namespace ilio::detail
