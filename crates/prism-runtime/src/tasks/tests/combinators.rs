//! `Promise.all`, `allSettled`, `race`, `any` and `timeout` (builtins §13).
use super::*;

/// Runs `body` as the main task and returns its display or its error code and message.
fn outcome(body: impl FnOnce(&TaskContext<'_>) -> Result<Value, Thrown> + 'static) -> String {
    let end = virtual_scheduler().run(Box::new(body));
    match end.result {
        Ok(value) => text(&value),
        Err(thrown) => format!("{} {}", thrown.code(), text(thrown.value())),
    }
}

fn delayed(cx: &TaskContext<'_>, ms: f64, value: &str) -> Value {
    Value::task(cx.scheduler().delay(&here(cx), ms, Value::string(value)))
}

fn failing_after(cx: &TaskContext<'_>, ms: f64, thrown: &'static str) -> Result<Value, Thrown> {
    let task = cx.start_child(
        None,
        Box::new(move |cx: &TaskContext<'_>| {
            sleep(cx, ms)?;
            Err(Thrown::user(Value::string(thrown)))
        }),
    )?;
    Ok(Value::task(task))
}

fn task_of(value: &Value) -> TaskRef {
    match value.inner() {
        crate::value::Inner::Task(task) => task.clone(),
        _ => TaskRef::detached(),
    }
}

#[test]
fn all_keeps_input_order_and_takes_plain_values_as_they_are() {
    let shown = outcome(|cx| {
        let items = [
            delayed(cx, 30.0, "slow"),
            Value::number(1.0),
            delayed(cx, 10.0, "fast"),
        ];
        let all = cx.scheduler().all(&here(cx), &items);
        cx.await_task(&all)
    });
    assert_eq!(shown, "[\"slow\", 1, \"fast\"]");
    assert_eq!(
        outcome(|cx| cx.await_task(&cx.scheduler().all(&here(cx), &[]))),
        "[]"
    );
}

#[test]
fn all_fails_with_the_first_failure_in_time_and_cancels_the_rest() {
    let shown = outcome(|cx| {
        let slow = delayed(cx, 50.0, "slow");
        let items = [
            slow.clone(),
            failing_after(cx, 20.0, "late")?,
            failing_after(cx, 10.0, "early")?,
        ];
        let all = cx.scheduler().all(&here(cx), &items);
        let result = cx.await_task(&all);
        assert!(matches!(task_of(&slow).status(), TaskStatus::Cancelled));
        result
    });
    assert_eq!(shown, "R0100 early");
    let rejected_at_once = outcome(|cx| {
        let items = [
            delayed(cx, 5.0, "a"),
            Value::task(cx.scheduler().rejected(&here(cx), Value::string("bad"))),
        ];
        cx.await_task(&cx.scheduler().all(&here(cx), &items))
    });
    assert_eq!(rejected_at_once, "R0100 bad");
}

#[test]
fn all_settled_reports_every_outcome_and_cancels_nothing() {
    let shown = outcome(|cx| {
        let cancelled = delayed(cx, 100.0, "never");
        cx.scheduler()
            .cancel(&task_of(&cancelled), CancelReason::Parent);
        let items = [
            delayed(cx, 5.0, "a"),
            failing_after(cx, 1.0, "x")?,
            cancelled,
            Value::NULL,
        ];
        cx.await_task(&cx.scheduler().all_settled(&here(cx), &items))
    });
    assert_eq!(
        shown,
        "[{ status: \"fulfilled\", value: \"a\" }, { status: \"rejected\", reason: \"x\" }, \
         { status: \"rejected\", reason: [Cancelled: task was cancelled] }, { status: \"fulfilled\", value: null }]"
    );
}

#[test]
fn race_settles_like_the_first_to_settle_and_cancels_the_others() {
    let shown = outcome(|cx| {
        let a = delayed(cx, 20.0, "a");
        let race = cx
            .scheduler()
            .race(&here(cx), &[a.clone(), delayed(cx, 10.0, "b")]);
        let value = cx.await_task(&race)?;
        assert!(matches!(task_of(&a).status(), TaskStatus::Cancelled));
        Ok(value)
    });
    assert_eq!(shown, "b");
    let plain_wins = outcome(|cx| {
        let items = [
            delayed(cx, 5.0, "later"),
            Value::string("now"),
            Value::string("too"),
        ];
        cx.await_task(&cx.scheduler().race(&here(cx), &items))
    });
    assert_eq!(plain_wins, "now");
    let failure_wins = outcome(|cx| {
        let items = [delayed(cx, 20.0, "a"), failing_after(cx, 5.0, "oops")?];
        cx.await_task(&cx.scheduler().race(&here(cx), &items))
    });
    assert_eq!(failure_wins, "R0100 oops");
}

#[test]
fn any_takes_the_first_fulfilment_or_aggregates_every_failure_in_input_order() {
    let shown = outcome(|cx| {
        let items = [
            failing_after(cx, 1.0, "x")?,
            delayed(cx, 10.0, "ok"),
            delayed(cx, 20.0, "late"),
        ];
        cx.await_task(&cx.scheduler().any(&here(cx), &items))
    });
    assert_eq!(shown, "ok");
    let all_failed = outcome(|cx| {
        let items = [
            failing_after(cx, 9.0, "second")?,
            failing_after(cx, 1.0, "first")?,
        ];
        let any = cx.scheduler().any(&here(cx), &items);
        let thrown = cx.await_task(&any).expect_err("aggregate");
        let data = crate::ops::get_member(thrown.value(), "data")?;
        Ok(Value::array(vec![thrown.value().clone(), data]))
    });
    assert_eq!(
        all_failed,
        "[[AggregateError: all 2 tasks failed], { errors: [\"second\", \"first\"] }]"
    );
    let empty = outcome(|cx| cx.await_task(&cx.scheduler().any(&here(cx), &[])));
    assert_eq!(empty, "R0802 all 0 tasks failed");
}

#[test]
fn timeout_passes_a_fast_task_through_and_cancels_a_slow_one() {
    let fast = outcome(|cx| {
        let task = task_of(&delayed(cx, 10.0, "done"));
        cx.await_task(&cx.scheduler().timeout(&here(cx), &task, 50.0))
    });
    assert_eq!(fast, "done");
    let scheduler = virtual_scheduler();
    let clock = scheduler.clone();
    let end = scheduler.run(Box::new(|cx: &TaskContext<'_>| {
        let slow = task_of(&delayed(cx, 100.0, "late"));
        let result = cx.await_task(&cx.scheduler().timeout(&here(cx), &slow, 50.0));
        assert!(matches!(slow.status(), TaskStatus::Cancelled));
        result
    }));
    let thrown = end.result.expect_err("timed out");
    assert_eq!(
        (thrown.code(), text(thrown.value())),
        ("R0801", "task timed out after 50 ms".into())
    );
    assert!(thrown.is_catchable());
    assert_eq!(clock.elapsed_ms(), 50.0);
}

#[test]
fn promise_resolve_returns_a_task_itself_and_wraps_other_values() {
    let shown = outcome(|cx| {
        let task = cx.scheduler().delay(&here(cx), 1.0, Value::NULL);
        let same = cx
            .scheduler()
            .resolved(&here(cx), Value::task(task.clone()));
        assert!(same.ptr_eq(&task));
        cx.await_task(&cx.scheduler().resolved(&here(cx), Value::number(4.0)))
    });
    assert_eq!(shown, "4");
}
