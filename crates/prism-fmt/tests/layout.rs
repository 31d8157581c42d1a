//! Snapshots of the canonical layout (cli §6.3), one per area of the spec. Each snapshot holds the
//! source and its formatted text; every case is also checked for the guarantees of cli §6.2.

mod common;

use common::check_guarantees;

/// Formats `$source`, checks the guarantees and snapshots `--- SOURCE --- / --- FORMATTED ---`.
macro_rules! assert_layout {
    ($name:literal, $source:expr) => {{
        let source: &str = $source;
        let formatted = match prism_fmt::format(source) {
            Ok(text) => text,
            Err(errors) => panic!("{} does not parse: {errors:?}", $name),
        };
        if let Err(failure) = check_guarantees(source) {
            panic!("{}: {failure}", $name);
        }
        let document = format!("--- SOURCE ---\n{source}\n--- FORMATTED ---\n{formatted}");
        insta::assert_snapshot!($name, document);
    }};
}

#[test]
fn statements() {
    assert_layout!(
        "statements",
        r#"let a=1,b ; const c = 2;;
function add(a,b){return a+b}
async fn later(x) ~> 0.9 { await x }
if (a) { b() } else if c { d() } else { e() }
if (a) b(); else c()
while n < 3 { n += 1 }
do { n-- } while (n > 0)
for (let i = 0; i < 3; i++) { print(i) }
for (;;) { break }
for x of xs { continue }
for (let x, i in xs) print(x, i)
uncertain if (v) { high { a() } medium { b() } default { c() } }
uncertain for let i = 0; i < 3; i++ { low { d() } }
try { risky() } catch (e) { throw e } finally { done() }
try { risky() } catch { }
in context Research { work() } -> "Writing"
agents { writer: Agent { model: "x" }; critic: { model: "y", temperature: 0 } }
{ let scoped = 1 }
return_value()
"#
    );
}

#[test]
fn semicolons_and_blank_lines() {
    assert_layout!(
        "semicolons_and_blank_lines",
        r#"let a = 1
;(a)
let b = 2;[1, 2].map(f)
x;
-y
i++
--i


// two blank lines above become one
function f() {

  if (a) return;
  (b)

}
"#
    );
}

#[test]
fn modules() {
    assert_layout!(
        "modules",
        r#"import "side-effect"
import def from "m"
import def, {a, b as c} from 'm'
import * as ns from "m"
import {alpha, beta, gamma, delta, epsilon, zeta, eta, theta, iota, kappa, lambda, mu} from "greek"
export {a, c as d}
export * from "m"
export default {a: 1}
export let exported = 1
export function f() {}
"#
    );
}

#[test]
fn spacing_and_preserved_texts() {
    assert_layout!(
        "spacing_and_preserved_texts",
        r#"let n = 1_000 + 0.50 + 1e3
let s = 'single' + "double\n" + "${n} items" + ```
fenced ${n}
```
let eq = a==b && a===b && a!=null && b!==undefined
let conf = x~>0.8 ~~ y
let c = <~x + ~y
let u = !a && -b && typeof c && - -d && ~ -e
let o = {a:1,"b":2,3:three,[k]:v,...rest,short}
let empty = [{}, [], f()]
let m = obj?.prop~.field.call()?.[0]
let p = (a + b) * (c)
let f = function (a) { return a }
let g = fn named(a) {}
x ??= y ?? z
"#
    );
}

#[test]
fn lambdas() {
    assert_layout!(
        "lambdas",
        r#"let a = (x) => x + 1
let b = (x = 1) => x
let c = (x ~> 0.5) => x
let d = (...xs) => xs
let e = ([a, b]) => a
let f = async x => await x
let g = () => { }
let h = (x, y) => { return x + y }
let i = (_) => 1
"#
    );
}

#[test]
fn long_argument_lists() {
    assert_layout!(
        "long_argument_lists",
        r#"const result = someFunction(argumentNumberOne, argumentNumberTwo, argumentNumberThree, four)
const nested = outer(inner(alpha, beta, gamma), [delta, epsilon, zeta, eta, theta, iota, kappa, lambda])
callback(first, second, (x) => { return x * 2 })
const withALongNameBeforeTheLambda = items.forEach((item, index) => { print(item, index) }, context)
let {alphaProperty, betaProperty, gammaProperty, deltaProperty, epsilonProperty} = someObject
function declared(parameterOne, parameterTwo, parameterThree, parameterFour, parameterFive) {}
"#
    );
}

#[test]
fn width_boundary() {
    // The statement `f(…)` is exactly 100 characters flat in the first case and 101 in the second.
    let fits = format!("f({}, b)\n", "a".repeat(94));
    let too_long = format!("f({}, b)\n", "a".repeat(95));
    assert_eq!(fits.trim_end().chars().count(), 100);
    assert_layout!("width_boundary", &format!("{fits}{too_long}"));
}

#[test]
fn pipelines_and_conditionals() {
    assert_layout!(
        "pipelines_and_conditionals",
        r#"let short = items |> filter(_, x => x > 2) |> sum
let long = someItemsWithAVeryLongName |> filterTheThings(_, x => x > 2) |> mapTheThings(_, x => x * 2) |> sum
let gated = answer ~|> refine ~?> 0.8
let choice = isThisAVeryLongConditionName && anotherVeryLongCondition ? someVeryLongConsequentValue : alternate
let confident = value ~? yes : no
print(someItemsWithAVeryLongNameForTheArgument |> filterTheThings(_, x => x > 2) |> mapThe(_, x => x * 2))
"#
    );
}

#[test]
fn match_arms() {
    assert_layout!(
        "match_arms",
        r#"let m = match x { 1 => "one", -1 => "minus one", "s" => 's', [a, ...rest] => { print(a) } {k, v: [w], ...others} => k, n ~> 0.8 if n > 2 => n, _ => null }
let nested = match (x) { _ => match y { _ => 0 } }
let empty = match x {}
"#
    );
}

#[test]
fn headers_get_parentheses() {
    assert_layout!(
        "headers_get_parentheses",
        r#"if ready { go() }
while busy { wait() }
for i = 0; i < 3; i++ { tick() }
for item in list { use(item) }
if (a) b()
while (true) if (x) break
"#
    );
}

#[test]
fn comments() {
    assert_layout!(
        "comments",
        r#"/** The header.
 * @name demo
 */
// own line before a statement

let a = 1 /* after a */ // and a line comment
/* own-line block */ let b = 2
let c = [ // after the bracket
  1, /* between */ 2,
  // own line inside the list
  3 // after three
  // at the end of the list
]
let d = call(/* only */)
function f(a, // after a
  b) {
  // first in the body
  return a // after return

  // last in the body
}
if (x) { // after the brace
  y()
} // after the if
let g = a + /* in the middle */ b
let h = { a: 1, // one
  b: 2 }
let k = match x {
  // before an arm
  1 => "a", // after an arm
  _ => "b"
  // after the arms
}
function empty() {
  // only a comment
}
function inline() { /* only a block comment */ }
call(x => {
  // inside a lambda
  return x
})
"#
    );
}

#[test]
fn comments_inside_expressions_and_bodies() {
    assert_layout!(
        "comments_inside_expressions_and_bodies",
        r#"let x =
  // explain the value
  compute()
let y = cond
  // when true
  ? a
  : b
let h = // before the value
  5
let g = a + /* between operands */ b
f(a, b + // inside an argument
  d)
if (a)
  // before a body
  b()
if (a) // after a header
  b()
while (x) /* before a body */ y()
let m = obj./* before a property */name
let p = (x /* before the parenthesis */)
"#
    );
}
