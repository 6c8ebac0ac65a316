#pragma once
// ilio: a rule-based clinical decision engine. Include this for the whole public API.

#include "ilio/batch.hpp"
#include "ilio/cds_hooks.hpp"
#include "ilio/diagnostic.hpp"
#include "ilio/evaluation.hpp"
#include "ilio/explanation.hpp"
#include "ilio/facts.hpp"
#include "ilio/json_lines.hpp"
#include "ilio/report.hpp"
#include "ilio/rule_set.hpp"
#include "ilio/rule_tests.hpp"
#include "ilio/status.hpp"
#include "ilio/summary.hpp"
#include "ilio/version.hpp"
