//! The value of the governance query, read as a decision (runtime §12.4).
use prism_runtime::agents::governance::Decision;
use serde_json::Value as Json;

/// `evaluated` is the query's value (`None`: undefined) or the evaluation error.
pub fn interpret(evaluated: Result<Option<Json>, String>, default_allow: bool) -> Decision {
    let decision = |allow: bool, reasons: Vec<String>, audit: bool| Decision {
        allow,
        reasons,
        audit,
    };
    let failed = |detail: &str| {
        let reason = format!("policy evaluation failed: {detail}");
        decision(false, vec![reason], false)
    };
    match evaluated {
        Err(detail) => failed(&detail),
        Ok(None) => decision(default_allow, Vec::new(), false),
        Ok(Some(Json::Bool(allow))) => decision(allow, Vec::new(), false),
        Ok(Some(Json::Object(object))) => {
            let allow = object.get("allow").and_then(Json::as_bool) == Some(true);
            let reasons = match object.get("reasons") {
                None | Some(Json::Null) => Vec::new(),
                Some(Json::Array(items)) if items.iter().all(Json::is_string) => items
                    .iter()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect(),
                Some(_) => return failed("'reasons' is not an array of strings"),
            };
            let audit = object.get("audit").and_then(Json::as_bool) == Some(true);
            decision(allow, reasons, audit)
        }
        Ok(Some(other)) => failed(&format!(
            "the decision is neither a boolean nor an object: {other}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::interpret;

    #[test]
    fn every_shape_of_12_4_is_read() {
        assert!(interpret(Ok(Some(json!(true))), false).allow);
        assert!(!interpret(Ok(Some(json!(false))), true).allow);
        assert!(interpret(Ok(None), true).allow);
        assert!(!interpret(Ok(None), false).allow);
        let denied = interpret(Ok(Some(json!({ "reasons": ["no"], "audit": true }))), true);
        assert_eq!(
            (denied.allow, denied.reasons, denied.audit),
            (false, vec!["no".to_owned()], true)
        );
        let odd = interpret(Ok(Some(json!(3))), true);
        assert!(!odd.allow);
        assert!(odd.reasons[0].starts_with("policy evaluation failed: "));
        let failed = interpret(Err("boom".into()), true);
        assert_eq!(
            failed.reasons,
            vec!["policy evaluation failed: boom".to_owned()]
        );
    }
}
