Feature: Retry Policies (extra)
  As an implementer of the workflow DSL
  I want to ensure that try tasks retry the errors they catch under their retry policy
  So that my implementation conforms to the expected behavior

  # The test server's /fail/<n>/<key> answers 503 to the first n calls for a key, then 200 { key, attempt }.
  # Delays are virtual: the test engine's clock jumps to each timer, so elapsed time is exact.

  Scenario: Inline retry succeeds once the service recovers
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-success
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/2/inline'
          catch:
            errors:
              with:
                type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
                status: 503
            retry:
              delay:
                seconds: 1
              backoff:
                constant: {}
              limit:
                attempt:
                  count: 5
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    key: inline
    attempt: 3
    """
    And the server should have received 3 requests to '/fail/2/inline'
    And guarded should have been retried 2 times
    And the workflow should have taken PT2S

  Scenario: limit.attempt.count is the number of retries after the first attempt
    # dsl.md "Retries": "Retrying 5 times when an error with 503 is caught" uses `limit.attempt.count: 5`,
    # i.e. the count bounds the retries, not the attempts including the first (the engine allows count - 1 retries).
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-count-semantics
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/2/exact'
          catch:
            errors:
              with:
                status: 503
            retry:
              delay:
                seconds: 1
              limit:
                attempt:
                  count: 2
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    key: exact
    attempt: 3
    """
    And the server should have received 3 requests to '/fail/2/exact'

  Scenario: Exhausted retries fault the workflow with the last error
    # When the retry policy allows no more attempts the caught error is not recovered: the task faults
    # (as in the reference runtimes). The engine swallows it and completes with the try input instead.
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-exhausted
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callBroken:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/100/exhausted'
          catch:
            errors:
              with:
                status: 503
            retry:
              delay:
                seconds: 1
              limit:
                attempt:
                  count: 2
      - after:
          set:
            reached: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    status: 503
    instance: /do/0/guarded/try/0/callBroken
    """
    And the server should have received 3 requests to '/fail/100/exhausted'
    And after should not run

  Scenario: Constant backoff waits the same delay before every retry
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-constant
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/3/constant'
          catch:
            errors:
              with:
                status: 503
            retry:
              delay: PT2S
              backoff:
                constant: {}
              limit:
                attempt:
                  count: 10
    """
    When the workflow is executed
    Then the workflow should complete
    And the server should have received 4 requests to '/fail/3/constant'
    And the workflow should have taken PT6S

  Scenario: Linear backoff grows the delay by the base delay at every retry
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-linear
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/3/linear'
          catch:
            errors:
              with:
                status: 503
            retry:
              delay:
                seconds: 1
              backoff:
                linear: {}
              limit:
                attempt:
                  count: 10
    """
    When the workflow is executed
    Then the workflow should complete
    And the server should have received 4 requests to '/fail/3/linear'
    # 1s + 2s + 3s
    And the workflow should have taken PT6S

  Scenario: Exponential backoff doubles the delay at every retry
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-exponential
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/3/exponential'
          catch:
            errors:
              with:
                status: 503
            retry:
              delay:
                seconds: 1
              backoff:
                exponential: {}
              limit:
                attempt:
                  count: 10
    """
    When the workflow is executed
    Then the workflow should complete
    And the server should have received 4 requests to '/fail/3/exponential'
    # The DSL does not fix the first exponent: 1s + 2s + 4s, or 2s + 4s + 8s.
    And the workflow should have taken between PT7S and PT14S

  Scenario: Jitter adds a delay within its range to every retry
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-jitter
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/2/jitter'
          catch:
            errors:
              with:
                status: 503
            retry:
              delay:
                seconds: 1
              backoff:
                constant: {}
              jitter:
                from:
                  milliseconds: 500
                to:
                  seconds: 1
              limit:
                attempt:
                  count: 10
    """
    When the workflow is executed
    Then the workflow should complete
    And the server should have received 3 requests to '/fail/2/jitter'
    And the workflow should have taken between PT3S and PT4S

  Scenario: A retry policy can be referenced from use.retries
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-reusable
      version: '1.0.0'
    use:
      retries:
        patient:
          delay:
            seconds: 5
          backoff:
            constant: {}
          limit:
            attempt:
              count: 10
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/1/reusable'
          catch:
            errors:
              with:
                status: 503
            retry: patient
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    key: reusable
    attempt: 2
    """
    And the workflow should have taken PT5S

  Scenario: Referencing an undefined retry policy faults with a configuration error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-undefined
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/any
                    status: 503
          catch:
            retry: missingPolicy
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/configuration
    status: 400
    """

  Scenario: A retry policy retries only when its when condition holds
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-when
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/1/retry-when'
          catch:
            retry:
              when: ${ $error.status == 503 }
              delay:
                seconds: 1
              limit:
                attempt:
                  count: 3
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    key: retry-when
    attempt: 2
    """
    And the server should have received 2 requests to '/fail/1/retry-when'

  Scenario: A retry policy does not retry when its exceptWhen condition holds
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-except-when
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callFlaky:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/1/retry-except'
          catch:
            retry:
              exceptWhen: ${ $error.status == 503 }
              delay:
                seconds: 1
              limit:
                attempt:
                  count: 3
    """
    When the workflow is executed
    Then the server should have received 1 request to '/fail/1/retry-except'
    And guarded should have been retried 0 times

  Scenario: limit.duration stops retrying once the duration has passed
    # Retry limit `duration`: "The maximum duration, if any, during which to retry a given task".
    # Attempts at 0s, 10s and 20s fail; no attempt may start after 25s, and the exhausted task faults.
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: retry-limit-duration
      version: '1.0.0'
    do:
      - guarded:
          try:
            - callBroken:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/fail/100/duration'
          catch:
            errors:
              with:
                status: 503
            retry:
              delay:
                seconds: 10
              limit:
                duration:
                  seconds: 25
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    status: 503
    """
    And the server should have received 3 requests to '/fail/100/duration'
