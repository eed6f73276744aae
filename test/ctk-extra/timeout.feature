Feature: Timeouts (extra)
  As an implementer of the workflow DSL
  I want to ensure that tasks and workflows time out after their configured duration
  So that my implementation conforms to the expected behavior

  # dsl.md "Timeouts": on timeout runtimes must interrupt the task/workflow and raise an error with type
  # https://serverlessworkflow.io/spec/1.0.0/errors/timeout and status 408.

  Scenario: A task that outlasts its timeout faults with a timeout error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-timeout
      version: '1.0.0'
    do:
      - slow:
          wait: PT1H
          timeout:
            after:
              minutes: 5
      - after:
          set:
            reached: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/timeout
    status: 408
    instance: /do/0/slow
    """
    And after should not run
    And the workflow should have taken PT5M

  Scenario: A task that finishes before its timeout completes
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-timeout-not-reached
      version: '1.0.0'
    do:
      - quick:
          wait: PT1M
          timeout:
            after: PT5M
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow should have taken PT1M

  Scenario: A task timeout can reference use.timeouts
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-timeout-reusable
      version: '1.0.0'
    use:
      timeouts:
        short:
          after:
            seconds: 30
    do:
      - slow:
          wait: PT1H
          timeout: short
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/timeout
    status: 408
    """
    And the workflow should have taken PT30S

  Scenario: A task timeout can be caught by try
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-timeout-caught
      version: '1.0.0'
    do:
      - guarded:
          try:
            - slow:
                wait: PT1H
                timeout:
                  after:
                    seconds: 10
          catch:
            errors:
              with:
                type: https://serverlessworkflow.io/spec/1.0.0/errors/timeout
            do:
              - fallback:
                  set:
                    timedOut: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    timedOut: true
    """
    And the workflow should have taken PT10S

  Scenario: A workflow that outlasts its timeout faults with a timeout error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: workflow-timeout
      version: '1.0.0'
    timeout:
      after:
        minutes: 1
    do:
      - first:
          wait: PT50S
      - second:
          wait: PT50S
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/timeout
    status: 408
    """
    And the workflow should have taken PT1M
