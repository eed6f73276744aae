Feature: Deployed functions (extra)
  As an implementer of the workflow DSL
  I want to ensure that workflows call functions of the default catalog
  So that functions and workflows work together

  Scenario: Call a deployed function with arguments
    Given the function 'fibo' version '1.0.0' is deployed with code:
    """ts
    const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    export default async (input: { n: number }) => ({ value: fib(input.n) });
    """
    And a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: call-fibo
      version: '1.0.0'
    do:
      - compute:
          call: fibo:1.0.0@default
          with:
            n: ${ .n }
    """
    And given the workflow input is:
    """yaml
    n: 10
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    value: 55
    """

  Scenario: Retry a function that fails twice, then succeeds
    Given the function 'flaky' version '1.0.0' is deployed with code:
    """ts
    let calls = 0;
    export default async () => {
      calls++;
      if (calls <= 2) throw new Error(`attempt ${calls} failed`);
      return { calls };
    };
    """
    And a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-flaky
      version: '1.0.0'
    do:
      - tryFlaky:
          try:
            - callFlaky:
                call: flaky:1.0.0@default
          catch:
            errors:
              with:
                type: https://serverlessworkflow.io/spec/1.0.0/errors/runtime
            retry:
              delay: PT1S
              limit:
                attempt:
                  count: 3
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    calls: 3
    """

  Scenario: A function error faults the workflow with the function's message
    Given the function 'out-of-stock' version '1.0.0' is deployed with code:
    """ts
    export default async () => { throw new Error('no stock left'); };
    """
    And a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: call-failing
      version: '1.0.0'
    do:
      - reserve:
          call: out-of-stock:1.0.0@default
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/runtime
    instance: /do/0/reserve
    """
