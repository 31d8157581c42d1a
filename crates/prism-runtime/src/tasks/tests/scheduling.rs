//! Start-at-once, the ready queue, timers, the virtual clock, deadlock and the deadline.
use super::*;

#[test]
fn a_new_task_runs_until_its_first_suspension_before_its_creator_continues() {
    let log = Log::default();
    let main_log = log.clone();
    let child_body = sleeper(&log, "child", 10.0);
    let end = virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        main_log.push("main start");
        let child = cx.start_child(None, child_body)?;
        main_log.push("after start");
        let value = cx.await_task(&child)?;
        main_log.push(format!("result {}", text(&value)));
        Ok(value)
    }));
    assert_eq!(
        log.events(),
        [
            "main start",
            "child start",
            "after start",
            "child end",
            "result child"
        ]
    );
    assert_eq!(text(&end.result.expect("main fulfils")), "child");
}

#[test]
fn awaiters_are_woken_in_the_order_they_started_waiting() {
    let log = Log::default();
    let main_log = log.clone();
    let end = virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        let gate = cx.scheduler().delay(&here(cx), 5.0, Value::NULL);
        let mut waiters = Vec::new();
        for name in ["a", "b", "c"] {
            let (gate, log) = (gate.clone(), main_log.clone());
            waiters.push(cx.start_child(
                None,
                Box::new(move |cx: &TaskContext<'_>| {
                    cx.await_task(&gate)?;
                    log.push(name);
                    Ok(Value::NULL)
                }),
            )?);
        }
        cx.await_task(&gate)?;
        main_log.push("main");
        for waiter in &waiters {
            cx.await_task(waiter)?;
        }
        Ok(Value::NULL)
    }));
    assert!(end.result.is_ok());
    assert_eq!(log.events(), ["a", "b", "c", "main"]);
}

#[test]
fn timers_fire_in_due_order_and_equal_times_in_scheduling_order() {
    let log = Log::default();
    let bodies = [
        sleeper(&log, "late", 20.0),
        sleeper(&log, "first10", 10.0),
        sleeper(&log, "second10", 10.0),
        sleeper(&log, "early", 5.0),
    ];
    let scheduler = virtual_scheduler();
    let clock = scheduler.clone();
    let end = scheduler.run(Box::new(move |cx: &TaskContext<'_>| {
        let mut tasks = Vec::new();
        for body in bodies {
            tasks.push(cx.start_child(None, body)?);
        }
        for task in &tasks {
            cx.await_task(task)?;
        }
        Ok(Value::number(clock.elapsed_ms()))
    }));
    let ends: Vec<String> = log
        .events()
        .into_iter()
        .filter(|e| e.ends_with(" end"))
        .collect();
    assert_eq!(
        ends,
        ["early end", "first10 end", "second10 end", "late end"]
    );
    assert_eq!(text(&end.result.expect("main fulfils")), "20");
}

#[test]
fn the_virtual_clock_starts_at_the_configured_time_and_moves_only_by_timers() {
    let scheduler = virtual_scheduler();
    let clock = scheduler.clone();
    let end = scheduler.run(Box::new(move |cx: &TaskContext<'_>| {
        let start = clock.now_ms();
        assert_eq!(start, VIRTUAL_CLOCK_START_MS);
        sleep(cx, 250.0)?;
        Ok(Value::number(clock.now_ms() - start))
    }));
    assert_eq!(text(&end.result.expect("main fulfils")), "250");
}

#[test]
fn a_fractional_delay_keeps_its_order() {
    let log = Log::default();
    let (a, b) = (sleeper(&log, "a", 1.5), sleeper(&log, "b", 1.25));
    virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        let a = cx.start_child(None, a)?;
        let b = cx.start_child(None, b)?;
        cx.await_task(&a)?;
        cx.await_task(&b)
    }));
    let ends: Vec<String> = log
        .events()
        .into_iter()
        .filter(|e| e.ends_with(" end"))
        .collect();
    assert_eq!(ends, ["b end", "a end"]);
}

#[test]
fn waiting_for_something_that_never_happens_is_a_deadlock() {
    let log = Log::default();
    let main_log = log.clone();
    let end = virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        let never = cx.scheduler().native_task(Some(cx.task()), None);
        let result = cx.await_task(&never);
        main_log.push("finally");
        result
    }));
    let thrown = end.result.expect_err("deadlock");
    assert_eq!(thrown.code(), "R0811");
    assert!(!thrown.is_catchable());
    assert_eq!(log.events(), ["finally"]);
}

#[test]
fn an_infinite_delay_is_no_pending_event() {
    let end = virtual_scheduler().run(Box::new(|cx: &TaskContext<'_>| sleep(cx, f64::INFINITY)));
    assert_eq!(code_of(&end.result), "R0811");
}

#[test]
fn the_run_deadline_ends_a_waiting_run_at_the_deadline() {
    let scheduler = Scheduler::new(SchedulerConfig {
        clock: ClockKind::virtual_default(),
        deadline: Some(Deadline::after(100.0)),
        stack_size: 1 << 20,
        interrupt: None,
    });
    let clock = scheduler.clone();
    let end = scheduler.run(Box::new(|cx: &TaskContext<'_>| sleep(cx, 1000.0)));
    let thrown = end.result.expect_err("deadline");
    assert_eq!(thrown.code(), "R0807");
    assert!(!thrown.is_catchable());
    assert_eq!(clock.elapsed_ms(), 100.0);
}

#[test]
fn an_uncatchable_error_in_another_task_ends_the_run() {
    let log = Log::default();
    let main_log = log.clone();
    let end = virtual_scheduler().run(Box::new(move |cx: &TaskContext<'_>| {
        cx.start_child(
            None,
            Box::new(|cx: &TaskContext<'_>| {
                sleep(cx, 5.0)?;
                Err(crate::error::catalogue::interrupted())
            }),
        )?;
        let result = sleep(cx, 50.0);
        main_log.push(format!("main unwound {}", code_of(&result)));
        result
    }));
    assert_eq!(code_of(&end.result), "R0812");
    assert_eq!(log.events(), ["main unwound R0812"]);
}

#[test]
fn a_synchronous_main_task_needs_no_scheduling() {
    let end = virtual_scheduler().run(Box::new(|_: &TaskContext<'_>| Ok(Value::number(7.0))));
    assert_eq!(text(&end.result.expect("value")), "7");
    assert!(end.unobserved.is_empty());
}

#[test]
fn a_failing_main_task_keeps_its_thrown_value_and_is_not_unobserved() {
    let end = virtual_scheduler().run(Box::new(|_: &TaskContext<'_>| {
        Err(Thrown::user(Value::string("boom")))
    }));
    assert_eq!(code_of(&end.result), "R0100");
    assert!(end.unobserved.is_empty());
}

#[test]
fn deep_recursion_inside_a_task_stays_on_its_own_stack() {
    fn depth(n: u32) -> u32 {
        if n == 0 {
            0
        } else {
            1 + depth(n - 1)
        }
    }
    let end = virtual_scheduler().run(Box::new(|cx: &TaskContext<'_>| {
        let child = cx.start_child(
            None,
            Box::new(|cx: &TaskContext<'_>| {
                sleep(cx, 1.0)?;
                Ok(Value::number(f64::from(depth(1000))))
            }),
        )?;
        cx.await_task(&child)
    }));
    assert_eq!(text(&end.result.expect("value")), "1000");
}

/// An event source with one response in flight, delivered when the scheduler waits for it.
struct OneResponse {
    waker: Rc<RefCell<Option<Waker>>>,
    log: Log,
}

impl ExternalEvents for OneResponse {
    fn pending(&self) -> bool {
        self.waker.borrow().is_some()
    }

    fn wait(&mut self, scheduler: &Scheduler, _until_ms: Option<f64>) {
        let waker = self.waker.borrow_mut().take();
        if let Some(waker) = waker {
            self.log.push("delivered");
            waker.wake(scheduler);
        }
    }
}

#[test]
fn an_external_event_wakes_its_task_after_the_ready_tasks_ran() {
    let log = Log::default();
    let slot: Rc<RefCell<Option<Waker>>> = Rc::default();
    let scheduler = virtual_scheduler();
    scheduler.set_external(Box::new(OneResponse {
        waker: slot.clone(),
        log: log.clone(),
    }));
    let other = sleeper(&log, "timer", 5.0);
    let main_log = log.clone();
    let end = scheduler.run(Box::new(move |cx: &TaskContext<'_>| {
        let timer = cx.start_child(None, other)?;
        cx.suspend_until(|waker| *slot.borrow_mut() = Some(waker))?;
        main_log.push("response received");
        cx.await_task(&timer)
    }));
    assert!(end.result.is_ok());
    assert_eq!(
        log.events(),
        ["timer start", "timer end", "delivered", "response received"]
    );
}
