Feature: Do Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that nested task lists run in order and hand their output on
  So that my implementation conforms to the expected behavior

  Scenario: Nested do runs its tasks in order and outputs its last task's output
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: do-nested
      version: '1.0.0'
    do:
      - outer:
          do:
            - first:
                set:
                  steps: ${ [ "first" ] }
            - inner:
                do:
                  - second:
                      set:
                        steps: ${ .steps + [ "second" ] }
                  - third:
                      set:
                        steps: ${ .steps + [ "third" ] }
      - last:
          set:
            steps: ${ .steps + [ "last" ] }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    steps: [ first, second, third, last ]
    """
    And outer should run first
    And second should run after first
    And third should run after second
    And last should run last
    And inner should complete with output:
    """yaml
    steps: [ first, second, third ]
    """

  Scenario: Empty nested do passes its input through
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: do-empty
      version: '1.0.0'
    do:
      - nothing:
          do: []
    """
    And given the workflow input is:
    """yaml
    kept: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    kept: true
    """

  Scenario: A fault inside a nested do faults the workflow with the inner task's pointer
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: do-nested-fault
      version: '1.0.0'
    do:
      - outer:
          do:
            - ok:
                set:
                  fine: true
            - boom:
                raise:
                  error:
                    type: https://example.com/errors/boom
                    status: 500
            - never:
                set:
                  reached: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/boom
    status: 500
    instance: /do/0/outer/do/1/boom
    """
    And boom should fault
    And outer should fault
    And never should not run
