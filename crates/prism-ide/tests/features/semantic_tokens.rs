use prism_ide::{TokenModifiers, TokenType};

use crate::at;

fn listing(source: &str) -> String {
    let (analysis, _) = at(&format!("@@{source}"));
    let tokens = analysis.semantic_tokens();
    for pair in tokens.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "sorted, no overlap");
    }
    tokens
        .iter()
        .map(|token| {
            let text = token.span.text(analysis.text());
            assert!(!text.contains('\n') && !text.is_empty());
            let modifiers: Vec<&str> = TokenModifiers::LEGEND
                .iter()
                .enumerate()
                .filter(|(bit, _)| token.modifiers & (1 << bit) != 0)
                .map(|(_, name)| *name)
                .collect();
            format!("{text:?} {} {modifiers:?}", token.token_type.as_str())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn confidence_program() {
    insta::assert_snapshot!(listing(
        "// Decide.\nagents {\n  reviewer: { model: \"m\" }\n}\nasync function ask(q) { return reviewer.ask(q) }\nconst answer = llm(\"hi\") ~> 0.8\nuncertain if (answer) {\n  high { print(<~answer, ~answer) }\n  default { print([1, 2] |> map(_, x => x * 2)) }\n}\n"
    ));
}

#[test]
fn block_comments_are_split_per_line() {
    insta::assert_snapshot!(listing("/**\n * Doc.\n */\nlet s = \"a${1}b\"\n"));
}

#[test]
fn legend_indices_follow_the_legend() {
    for (index, token_type) in TokenType::LEGEND.iter().enumerate() {
        assert_eq!(token_type.index() as usize, index);
    }
    let names: Vec<&str> = TokenType::LEGEND.iter().map(|t| t.as_str()).collect();
    for custom in ["confidenceOperator", "placeholder", "branch", "agent"] {
        assert!(names.contains(&custom));
    }
}
