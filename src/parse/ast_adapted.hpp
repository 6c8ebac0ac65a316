#pragma once
// Fusion adaptations only, so the grammar can fill the AST structs by attribute.

#include <boost/fusion/include/adapt_struct.hpp>

#include "parse/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(ilio::ast::Quantity, number, unit)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::CompareTail, op, rhs)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::BetweenTail, low, high)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::InTail, negated, members)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ContainsTail, quantifier, members)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::Comparison, lhs, tail)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ItemSource, items, list)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::AtLeast, count, source)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ListOf, quantifier, source)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::Unary, nots, atom)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::AndExpr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::OrExpr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ExprClause, key, expr)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::TextClause, key, text)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::WordClause, key, word)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::RulesetDecl, name, clauses)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::UnitDecl, name, dimension, definition)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::FactType, kind, unit, members)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::Range, low, high)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::FactDecl, name, type, range, description, clauses)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ParamDecl, name, value, description, clauses)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::StepDecl, name, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::CriterionDecl, name, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ConclusionDecl, kind, name, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::PopulationDecl, name, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ScorePoints, weight, condition)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ScoreEach, weight, source)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::BandLimits, first, second)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ScoreBand, condition, weight)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ScoreBands, fact, bands)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ScoreDecl, name, title, parts)
BOOST_FUSION_ADAPT_STRUCT(ilio::ast::ItemsDecl, name, items)
