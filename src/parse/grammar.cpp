// The one translation unit that instantiates the grammar (rexpr_full's layout): keeps build time
// and code size down, since every other file sees only the declaration.

#include "parse/config.hpp"
#include "parse/grammar_def.hpp"

namespace ilio::parse {
BOOST_SPIRIT_INSTANTIATE(declaration_type, iterator_type, context_type)

declaration_type const& declaration_rule() {
    return declaration;
}
}  // namespace ilio::parse
