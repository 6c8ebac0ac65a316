#pragma once
// The iterator and context types the grammar is instantiated with (once, in grammar.cpp).

#include <string>

#include <boost/spirit/home/x3.hpp>

#include "parse/primitives.hpp"

namespace ilio::parse {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;
using phrase_context_type = x3::phrase_parse_context<whitespace_parser>::type;
using context_type = x3::context<parse_state_tag, ParseState, phrase_context_type>;

}  // namespace ilio::parse
