Feature: Flow Directives (extra)
  As an implementer of the workflow DSL
  I want to ensure that then directives steer the flow within their scope
  So that my implementation conforms to the expected behavior

  Scenario: then continue runs the next task
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: flow-continue
      version: '1.0.0'
    do:
      - first:
          set:
            steps: [ first ]
          then: continue
      - second:
          set:
            steps: ${ .steps + [ "second" ] }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    steps: [ first, second ]
    """
    And second should run after first

  Scenario: then exit in the top-level do ends the workflow
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: flow-exit-top
      version: '1.0.0'
    do:
      - first:
          set:
            done: first
          then: exit
      - second:
          set:
            done: second
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    done: first
    """
    And second should not run

  Scenario: then exit in a nested do leaves only that do
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: flow-exit-nested
      version: '1.0.0'
    do:
      - block:
          do:
            - inner:
                set:
                  steps: [ inner ]
                then: exit
            - skippedInner:
                set:
                  steps: [ skipped ]
      - after:
          set:
            steps: ${ .steps + [ "after" ] }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    steps: [ inner, after ]
    """
    And skippedInner should not run
    And after should run after inner

  Scenario: then end in a nested do ends the whole workflow
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: flow-end-nested
      version: '1.0.0'
    do:
      - block:
          do:
            - inner:
                set:
                  steps: [ inner ]
                then: end
            - skippedInner:
                set:
                  steps: [ skipped ]
      - after:
          set:
            steps: [ after ]
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    steps: [ inner ]
    """
    And skippedInner should not run
    And after should not run

  Scenario: then end inside a for loop ends the workflow
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: flow-end-in-for
      version: '1.0.0'
    do:
      - loop:
          for:
            in: .items
          do:
            - visit:
                set:
                  items: ${ .items }
                  visited: ${ .visited + [ $item ] }
                then: end
      - after:
          set:
            after: true
    """
    And given the workflow input is:
    """yaml
    items: [ a, b, c ]
    visited: []
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    items: [ a, b, c ]
    visited: [ a ]
    """
    And after should not run

  Scenario: then names a later task and skips the tasks in between
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: flow-jump-forward
      version: '1.0.0'
    do:
      - start:
          set:
            steps: [ start ]
          then: finish
      - skipped:
          set:
            steps: [ skipped ]
      - finish:
          set:
            steps: ${ .steps + [ "finish" ] }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    steps: [ start, finish ]
    """
    And skipped should not run

  Scenario: then naming a task that does not exist faults with a configuration error
    # A validator rejects this document; an engine given it anyway faults when the directive is reached.
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: flow-missing-target
      version: '1.0.0'
    do:
      - start:
          set:
            started: true
          then: nowhere
      - other:
          set:
            other: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/configuration
    status: 400
    instance: /do/0/start
    """
    And other should not run

  Scenario: then cannot target a task at another depth
    # Flow directives "may only redirect to tasks declared within their own scope".
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: flow-other-depth
      version: '1.0.0'
    do:
      - block:
          do:
            - inner:
                set:
                  inner: true
                then: outerTask
      - outerTask:
          set:
            outer: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/configuration
    status: 400
    instance: /do/0/block/do/0/inner
    """
