Feature: Wait Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that wait tasks pause for their duration and pass their input through
  So that my implementation conforms to the expected behavior

  # The test engine's clock is virtual: an hour passes instantly, but the engine sees it pass.

  Scenario: Wait for an ISO 8601 duration
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: wait-iso
      version: '1.0.0'
    do:
      - pause:
          wait: PT1H
    """
    And given the workflow input is:
    """yaml
    kept: [ 1, 2 ]
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    kept: [ 1, 2 ]
    """
    And the workflow should have taken PT1H

  Scenario: Wait for a duration object
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: wait-object
      version: '1.0.0'
    do:
      - pause:
          wait:
            hours: 1
            minutes: 30
            seconds: 15
            milliseconds: 500
      - after:
          set:
            value: ${ .value }
            done: true
    """
    And given the workflow input is:
    """yaml
    value: kept
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    value: kept
    done: true
    """
    And pause should complete with output:
    """yaml
    value: kept
    """
    And the workflow should have taken PT1H30M15.5S

  Scenario: Successive waits add up
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: wait-sequence
      version: '1.0.0'
    do:
      - first:
          wait: P1D
      - second:
          wait:
            minutes: 10
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow should have taken P1DT10M

  Scenario: Wait with an invalid duration faults
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: wait-invalid
      version: '1.0.0'
    do:
      - pause:
          wait: soon
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/configuration
    status: 400
    instance: /do/0/pause
    """
