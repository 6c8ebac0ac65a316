#pragma once
// Declares the one rule the driver calls: a single top-level declaration. The driver (parser.cpp)
// loops over declarations itself so that it can recover after an error and report them all.

#include <boost/spirit/home/x3.hpp>

#include "parse/ast.hpp"

namespace ilio::parse {

namespace x3 = boost::spirit::x3;

struct declaration_class;
using declaration_type = x3::rule<declaration_class, ast::Declaration>;
BOOST_SPIRIT_DECLARE(declaration_type)

/// The rule for one declaration (ruleset, unit, fact, param, step, criterion, conclusion,
/// population, score or item list).
declaration_type const& declaration_rule();

}  // namespace ilio::parse
