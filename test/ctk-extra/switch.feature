Feature: Switch Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that switch cases decide where the flow goes
  So that my implementation conforms to the expected behavior

  Scenario: Switch falls back to the default case when no case matches
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: switch-default
      version: '1.0.0'
    do:
      - route:
          switch:
            - small:
                when: .size < 10
                then: handleSmall
            - fallback:
                then: handleOther
      - handleSmall:
          set:
            handled: small
          then: end
      - handleOther:
          set:
            handled: other
    """
    And given the workflow input is:
    """yaml
    size: 100
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    handled: other
    """
    And handleSmall should not run

  Scenario: Switch takes the first matching case, even when a default case is declared first
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: switch-first-match
      version: '1.0.0'
    do:
      - route:
          switch:
            - fallback:
                then: handleOther
            - big:
                when: .size >= 10
                then: handleBig
            - huge:
                when: .size >= 100
                then: handleHuge
      - handleBig:
          set:
            handled: big
          then: end
      - handleHuge:
          set:
            handled: huge
          then: end
      - handleOther:
          set:
            handled: other
    """
    And given the workflow input is:
    """yaml
    size: 100
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    handled: big
    """
    And handleHuge should not run
    And handleOther should not run

  Scenario: Switch without a matching case and without a default continues with the next task
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: switch-no-match
      version: '1.0.0'
    do:
      - route:
          switch:
            - red:
                when: .color == "red"
                then: end
      - next:
          set:
            color: ${ .color }
            continued: true
    """
    And given the workflow input is:
    """yaml
    color: green
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    color: green
    continued: true
    """
    And next should run after route

  Scenario: Switch passes its input through as its output
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: switch-output
      version: '1.0.0'
    do:
      - route:
          switch:
            - any:
                when: .a == 1
                then: continue
    """
    And given the workflow input is:
    """yaml
    a: 1
    b: [ x, y ]
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    a: 1
    b: [ x, y ]
    """
    And route should complete with output:
    """yaml
    a: 1
    b: [ x, y ]
    """

  Scenario: Switch case with then exit leaves the enclosing do
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: switch-exit
      version: '1.0.0'
    do:
      - block:
          do:
            - route:
                switch:
                  - leave:
                      when: .leave
                      then: exit
            - skipped:
                set:
                  skipped: false
      - after:
          set:
            leave: ${ .leave }
            after: true
    """
    And given the workflow input is:
    """yaml
    leave: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    leave: true
    after: true
    """
    And skipped should not run

  Scenario: Switch case with then end ends the workflow from a nested do
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: switch-end
      version: '1.0.0'
    do:
      - block:
          do:
            - route:
                switch:
                  - stop:
                      when: .stop
                      then: end
            - skipped:
                set:
                  skipped: true
      - after:
          set:
            after: true
    """
    And given the workflow input is:
    """yaml
    stop: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    stop: true
    """
    And skipped should not run
    And after should not run

  Scenario: Switch case jumps back to an earlier task to loop
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: switch-loop
      version: '1.0.0'
    do:
      - increment:
          set:
            count: ${ .count + 1 }
      - check:
          switch:
            - again:
                when: .count < 3
                then: increment
            - done:
                then: finish
      - finish:
          set:
            final: ${ .count }
    """
    And given the workflow input is:
    """yaml
    count: 0
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    final: 3
    """

  Scenario: Switch with a faulting when expression faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: switch-bad-when
      version: '1.0.0'
    do:
      - route:
          switch:
            - bad:
                when: ${ .size + "a" }
                then: end
    """
    And given the workflow input is:
    """yaml
    size: 1
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/route
    """
