//! Cancellation (language §14.5), the end of the run, unobserved failures (§14.7).
use super::*;

/// A body that starts the given children, then sleeps `ms`, logging its unwinding.
fn parent_of(log: &Log, name: &'static str, children: Vec<TaskBody>, ms: f64) -> TaskBody {
    let log = log.clone();
    Box::new(move |cx: &TaskContext<'_>| {
        for child in children {
            cx.start_child(None, child)?;
        }
        match sleep(cx, ms) {
            Ok(_) => Ok(Value::string(name)),
            Err(thrown) => {
                log.push(format!("{name} unwound"));
                Err(thrown)
            }
        }
    })
}

#[test]
fn cancelling_a_task_cancels_its_children_first_in_creation_order() {
    let log = Log::default();
    let first = parent_of(&log, "c1", vec![sleeper(&log, "c1a", 100.0)], 100.0);
    let second = parent_of(
        &log,
        "c2",
        vec![sleeper(&log, "c2a", 100.0), sleeper(&log, "c2b", 100.0)],
        100.0,
    );
    let parent = parent_of(&log, "p", vec![first, second], 100.0);
    let main_log = log.clone();
    let end = virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        let parent = cx.start_child(None, parent)?;
        sleep(cx, 10.0)?;
        cx.scheduler().cancel(&parent, CancelReason::Parent);
        main_log.push("cancel returned");
        let awaited = cx.await_task(&parent);
        let thrown = awaited.expect_err("cancelled");
        assert!(thrown.is_catchable());
        main_log.push(format!("await {}", thrown.code()));
        Ok(Value::NULL)
    }));
    assert!(end.result.is_ok());
    let unwound: Vec<String> = log
        .events()
        .into_iter()
        .filter(|e| !e.ends_with(" start"))
        .collect();
    assert_eq!(
        unwound,
        [
            "c1a unwound",
            "c1 unwound",
            "c2a unwound",
            "c2b unwound",
            "c2 unwound",
            "p unwound",
            "cancel returned",
            "await R0803"
        ]
    );
}

#[test]
fn the_cancelled_task_sees_an_uncatchable_condition() {
    let seen = Log::default();
    let inner = seen.clone();
    virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        let victim = cx.start_child(
            None,
            Box::new(move |cx: &TaskContext<'_>| {
                let result = sleep(cx, 100.0);
                if let Err(thrown) = &result {
                    inner.push(format!(
                        "{} catchable={}",
                        thrown.code(),
                        thrown.is_catchable()
                    ));
                    // A suspension point reached while unwinding raises the condition again.
                    let again = sleep(cx, 1.0);
                    inner.push(format!("again {}", code_of(&again)));
                }
                result
            }),
        )?;
        cx.scheduler().cancel(&victim, CancelReason::Parent);
        Ok(Value::NULL)
    }));
    assert_eq!(seen.events(), ["R0803 catchable=false", "again R0803"]);
}

#[test]
fn cancelling_a_settled_task_does_nothing() {
    let end = virtual_scheduler().run(Box::new(|cx: &TaskContext<'_>| {
        let done = cx.start_child(None, Box::new(|_: &TaskContext<'_>| Ok(Value::number(1.0))))?;
        cx.scheduler().cancel(&done, CancelReason::Parent);
        cx.await_task(&done)
    }));
    assert_eq!(text(&end.result.expect("fulfilled")), "1");
}

#[test]
fn a_running_task_cancelled_from_inside_unwinds_at_its_next_suspension_point() {
    let log = Log::default();
    let inner = log.clone();
    let end = virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        let worker = cx.start_child(
            None,
            Box::new(move |cx: &TaskContext<'_>| {
                sleep(cx, 1.0)?;
                cx.scheduler().cancel(cx.task(), CancelReason::Parent);
                inner.push("still running");
                let result = sleep(cx, 1.0);
                inner.push(format!("suspension {}", code_of(&result)));
                result
            }),
        )?;
        let result = cx.await_task(&worker);
        Ok(Value::string(code_of(&result)))
    }));
    assert_eq!(log.events(), ["still running", "suspension R0803"]);
    assert_eq!(text(&end.result.expect("main fulfils")), "R0803");
}

#[test]
fn a_parent_finishing_normally_does_not_cancel_its_children() {
    let log = Log::default();
    let child = sleeper(&log, "child", 20.0);
    let main_log = log.clone();
    virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        let holder = cx.start_child(
            None,
            Box::new(move |cx: &TaskContext<'_>| {
                let child = cx.start_child(None, child)?;
                Ok(Value::task(child))
            }),
        )?;
        let child = cx.await_task(&holder)?;
        let crate::value::Inner::Task(child) = child.inner() else {
            return Ok(Value::NULL);
        };
        let value = cx.await_task(child)?;
        main_log.push(format!("got {}", text(&value)));
        Ok(Value::NULL)
    }));
    assert_eq!(log.events(), ["child start", "child end", "got child"]);
}

#[test]
fn the_end_of_the_run_cancels_unfinished_tasks_oldest_first() {
    let log = Log::default();
    let (a, b) = (sleeper(&log, "a", 100.0), sleeper(&log, "b", 50.0));
    let main_log = log.clone();
    let scheduler = virtual_scheduler();
    let handle = scheduler.clone();
    let end = scheduler.run(Box::new(move |cx: &TaskContext<'_>| {
        cx.start_child(None, a)?;
        cx.start_child(None, b)?;
        main_log.push("main done");
        Ok(Value::NULL)
    }));
    assert!(end.result.is_ok());
    assert_eq!(
        log.events(),
        ["a start", "b start", "main done", "a unwound", "b unwound"]
    );
    assert_eq!(handle.live_count(), 0);
    assert_eq!(handle.elapsed_ms(), 0.0);
}

#[test]
fn a_failure_nobody_awaits_is_reported_once_at_its_origin() {
    let origin = prism_span::Span::new(3, 9).in_file(prism_span::FileId(0));
    let end = virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        let scheduler = cx.scheduler();
        let at = Origin::new(Some(cx.task().clone()), Some(origin));
        scheduler.rejected(&at, Value::string("ignored"));
        let seen = scheduler.rejected(&here(cx), Value::string("seen"));
        let _ = cx.await_task(&seen);
        cx.start_child(
            None,
            Box::new(|_: &TaskContext<'_>| Err(crate::error::catalogue::range_error("bad thing"))),
        )?;
        Ok(Value::NULL)
    }));
    let messages: Vec<&str> = end.unobserved.iter().map(|u| u.message.as_str()).collect();
    assert_eq!(messages, ["ignored", "bad thing"]);
    assert_eq!(end.unobserved.first().and_then(|u| u.origin), Some(origin));
    let diagnostic = end.unobserved.first().map(Unobserved::to_diagnostic);
    assert!(diagnostic.is_some_and(|d| d.code == "W0901"));
}

#[test]
fn cancellations_at_the_end_of_the_run_are_not_unobserved_failures() {
    let end = virtual_scheduler().run(Box::new(|cx: &TaskContext<'_>| {
        let scheduler = cx.scheduler();
        let inputs = [
            Value::task(scheduler.delay(&here(cx), 10.0, Value::NULL)),
            Value::task(scheduler.delay(&here(cx), 20.0, Value::NULL)),
        ];
        scheduler.race(&here(cx), &inputs);
        scheduler.all(&here(cx), &inputs);
        Ok(Value::NULL)
    }));
    assert!(end.result.is_ok());
    assert!(end.unobserved.is_empty());
}
