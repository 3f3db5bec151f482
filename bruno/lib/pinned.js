// Exact figures of the ci environment: run-ci.sh computes them with expected/figures.sql, plain SQL
// over the raw demo rows, and passes each as an expect* environment variable (a JSON string).

// The first place where actual differs from expected, as "path: expected …, got …", or null.
function firstDifference(actual, expected, path) {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${JSON.stringify(actual)}`;
    if (actual.length !== expected.length) return `${path}.length: expected ${expected.length}, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const difference = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return null;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    }
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      if (!(key in expected)) return `${path}.${key}: not expected, got ${JSON.stringify(actual[key])}`;
      if (!(key in actual)) return `${path}.${key}: missing, expected ${JSON.stringify(expected[key])}`;
      const difference = firstDifference(actual[key], expected[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return null;
  }
  return actual === expected ? null : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

// Where the environment sets pinFigures (ci), the test "demo figures (<name>)": actual must equal the
// figure exactly; a figure that was not passed in fails the test rather than skipping it.
function pinned(bru, test, expect, name, actual) {
  if (String(bru.getEnvVar("pinFigures")) !== "true") return;
  test(`demo figures (${name}, plain SQL over the raw rows)`, () => {
    const figure = bru.getEnvVar(name);
    expect(figure, `${name} (computed by run-ci.sh from expected/figures.sql)`).to.be.a("string");
    const difference = firstDifference(actual, JSON.parse(figure), "response");
    if (difference) throw new Error(`${name} differs: ${difference}`); // whole, where chai would cut it short
  });
}

module.exports = { pinned, firstDifference };
