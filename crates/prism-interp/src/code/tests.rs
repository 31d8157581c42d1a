use prism_span::FileId;

use super::{Cmp, Code, Op};

/// The interpreter form of the function named `name` in `source`.
fn code_of(source: &str, name: &str) -> Code {
    let file = FileId(0);
    let parsed = prism_syntax::parse(source, file);
    let resolution =
        prism_checker::resolve(&parsed.program, file, &prism_checker::ResolveEnv::main());
    let program =
        prism_ir::lower_program(&parsed.program, &resolution, file, prism_ir::FileRole::Main)
            .expect("lowers");
    let function = program
        .functions
        .iter()
        .find(|function| function.name == name)
        .expect("function exists");
    Code::new(&program, function)
}

#[test]
fn a_counted_loop_back_edge_is_one_operation() {
    let code = code_of(
        "function f() { let s = 0\n for (let i = 0; i < 10; i += 1) { s += i }\n s }",
        "f",
    );
    let back_edges: Vec<_> = code
        .ops
        .iter()
        .filter(|op| {
            matches!(
                op,
                Op::CompareNumberBranch {
                    cmp: Cmp::Lt,
                    tick: true,
                    rhs,
                    ..
                } if *rhs == 10.0
            )
        })
        .collect();
    assert_eq!(back_edges.len(), 1, "{:#?}", code.ops);
    assert!(
        !code.ops.iter().any(|op| matches!(op, Op::Tick)),
        "the tick is part of the back edge: {:#?}",
        code.ops
    );
}

#[test]
fn jumps_to_the_next_block_fall_through_and_targets_are_operation_indices() {
    let code = code_of(
        "function f(n) { let s = 0\n while (s < n) { s += 1 }\n s }",
        "f",
    );
    for (pc, op) in code.ops.iter().enumerate() {
        if let Op::Jump { target } = op {
            assert_ne!(
                *target as usize,
                pc + 1,
                "a jump to the next operation: {code:#?}"
            );
        }
        let targets = match *op {
            Op::Jump { target } => vec![target],
            Op::Branch {
                then, otherwise, ..
            }
            | Op::CompareBranch {
                then, otherwise, ..
            }
            | Op::CompareNumberBranch {
                then, otherwise, ..
            } => vec![then, otherwise],
            _ => Vec::new(),
        };
        for target in targets {
            assert!(
                code.block_pc.contains(&target),
                "{target} starts no block: {code:#?}"
            );
        }
    }
    assert!(
        code.ops
            .iter()
            .any(|op| matches!(op, Op::CompareBranch { cmp: Cmp::Lt, .. })),
        "{code:#?}"
    );
}

#[test]
fn every_operation_knows_its_ir_position() {
    let code = code_of("function f(a) { a[0] + g(a) }\nfunction g(x) { x }", "f");
    assert_eq!(code.ops.len(), code.locs.len());
    assert!(code.ops.iter().any(|op| matches!(op, Op::Step)));
}

#[test]
fn self_reference_and_push_have_their_own_operations() {
    let code = code_of("function f(xs) { xs.push(1)\n f }", "f");
    assert!(
        code.ops.iter().any(|op| matches!(op, Op::Push { .. })),
        "{code:#?}"
    );
    assert!(
        code.ops
            .iter()
            .any(|op| matches!(op, Op::LoadCaptured { .. })),
        "{code:#?}"
    );
}

#[test]
fn an_object_literal_is_created_with_room_for_its_properties() {
    let code = code_of(
        "function f(i) { let p = { x: i, y: { z: 1 }, name: \"p\" }\n p.x + p.y.z }",
        "f",
    );
    let mut capacities: Vec<u32> = code
        .ops
        .iter()
        .filter_map(|op| match op {
            Op::NewObject { capacity, .. } => Some(*capacity),
            _ => None,
        })
        .collect();
    capacities.sort_unstable();
    assert_eq!(capacities, [1, 3], "{:#?}", code.ops);
    let named = |wanted: fn(&Op) -> bool| code.ops.iter().filter(|op| wanted(op)).count();
    assert_eq!(named(|op| matches!(op, Op::ObjectInsertNamed { .. })), 4);
    assert_eq!(named(|op| matches!(op, Op::GetMember { .. })), 3);
}

#[test]
fn a_property_store_with_a_constant_name_has_its_own_operation() {
    let code = code_of("function f(o) { o.count = 1\n o[\"other\"] = 2 }", "f");
    let stores = code
        .ops
        .iter()
        .filter(|op| matches!(op, Op::SetMember { .. }))
        .count();
    assert_eq!(stores, 1, "{:#?}", code.ops);
}
