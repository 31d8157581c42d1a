//! Property tests of the confidence algebra (language §7) and of the percentage format (§5.2).
use prism_runtime::display::format_percent;
use prism_runtime::ops::{annotate, binary, level, unary, BinaryOp, Level, UnaryOp};
use prism_runtime::value::Value;
use proptest::prelude::*;

/// A number that is plain or confident.
fn operand() -> impl Strategy<Value = Value> {
    (-1e6f64..1e6, prop::option::of(0.0f64..=1.0))
        .prop_map(|(n, conf)| Value::number(n).with_confidence(conf))
}

fn conf_of(value: &Value) -> Option<f64> {
    value.confidence()
}

proptest! {
    #[test]
    fn ordinary_rule_is_commutative(a in operand(), b in operand()) {
        for op in [BinaryOp::Add, BinaryOp::Mul, BinaryOp::Eq, BinaryOp::ConfAdd] {
            let ab = binary(op, &a, &b).unwrap();
            let ba = binary(op, &b, &a).unwrap();
            prop_assert_eq!(conf_of(&ab), conf_of(&ba));
        }
    }

    #[test]
    fn ordinary_rule_is_associative(a in operand(), b in operand(), c in operand()) {
        let left = binary(BinaryOp::Add, &binary(BinaryOp::Add, &a, &b).unwrap(), &c).unwrap();
        let right = binary(BinaryOp::Add, &a, &binary(BinaryOp::Add, &b, &c).unwrap()).unwrap();
        prop_assert_eq!(conf_of(&left), conf_of(&right));
    }

    #[test]
    fn ordinary_rule_takes_the_minimum(a in operand(), b in operand()) {
        let result = binary(BinaryOp::Sub, &a, &b).unwrap();
        if a.is_confident() || b.is_confident() {
            prop_assert_eq!(result.confidence(), Some(a.conf().min(b.conf())));
        } else {
            prop_assert!(!result.is_confident());
        }
    }

    #[test]
    fn annotate_clamps_into_the_unit_interval(a in operand(), conf in prop::num::f64::ANY) {
        let result = annotate(&a, &Value::number(conf));
        if conf.is_nan() {
            prop_assert_eq!(result.unwrap_err().code(), "R0503");
        } else {
            let result = result.unwrap();
            prop_assert_eq!(result.confidence(), Some(conf.clamp(0.0, 1.0)));
        }
    }

    #[test]
    fn strip_is_idempotent(a in operand()) {
        let once = unary(UnaryOp::Strip, &a).unwrap();
        let twice = unary(UnaryOp::Strip, &once).unwrap();
        prop_assert!(!once.is_confident());
        prop_assert_eq!(once.as_number().map(f64::to_bits), twice.as_number().map(f64::to_bits));
        prop_assert!(!twice.is_confident());
    }

    #[test]
    fn levels_split_exactly_at_the_thresholds(medium in 0.0f64..=1.0, spread in 0.0f64..=1.0) {
        let high = medium + (1.0 - medium) * spread;
        prop_assert_eq!(level(high, high, medium), Level::High);
        if medium <= high && high > 0.0 {
            let below_high = f64::from_bits(high.to_bits() - 1);
            if below_high >= medium {
                prop_assert_eq!(level(below_high, high, medium), Level::Medium);
            }
        }
        prop_assert_eq!(level(medium, high.max(medium), medium) != Level::Low, true);
        if medium > 0.0 {
            let below_medium = f64::from_bits(medium.to_bits() - 1);
            prop_assert_eq!(level(below_medium, high, medium), Level::Low);
        }
    }

    #[test]
    fn percentage_agrees_with_to_fixed(conf in 0.0f64..=1.0) {
        let expected = ryu_js::Buffer::new().format_to_fixed(conf * 100.0, 1).to_string();
        prop_assert_eq!(format_percent(conf), expected);
    }
}

#[test]
fn default_levels_boundaries() {
    assert_eq!(level(0.7, 0.7, 0.5), Level::High);
    assert_eq!(level(0.5, 0.7, 0.5), Level::Medium);
    assert_eq!(level(0.4999, 0.7, 0.5), Level::Low);
}
