Feature: Run Workflow Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that run tasks start sub-workflows and output their results
  So that my implementation conforms to the expected behavior

  # "the engine knows the workflow:" registers a definition in the MemoryRegistry given to the engine.

  Scenario: Run a sub-workflow and output its output
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: run-parent
      version: '1.0.0'
    do:
      - delegate:
          run:
            workflow:
              namespace: default
              name: greeter
              version: '1.0.0'
              input:
                name: ${ .user }
    """
    And the engine knows the workflow:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: greeter
      version: '1.0.0'
    do:
      - greet:
          set:
            greeting: ${ "Hello \(.name)" }
    """
    And given the workflow input is:
    """yaml
    user: Jane
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    greeting: Hello Jane
    """

  Scenario: A faulting sub-workflow faults the run task
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: run-parent-fault
      version: '1.0.0'
    do:
      - delegate:
          run:
            workflow:
              namespace: default
              name: failing-child
              version: '1.0.0'
    """
    And the engine knows the workflow:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: failing-child
      version: '1.0.0'
    do:
      - fail:
          raise:
            error:
              type: https://example.com/errors/child
              status: 500
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/child
    status: 500
    """
    And delegate should fault

  Scenario: Running an unknown workflow faults
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: run-unknown
      version: '1.0.0'
    do:
      - delegate:
          run:
            workflow:
              namespace: default
              name: does-not-exist
              version: '1.0.0'
    """
    When the workflow is executed
    Then the workflow should fault
    And delegate should fault

  Scenario: Run a sub-workflow without awaiting it outputs the task input
    # dsl-reference.md "Run": with `await: false` the task "should simply output its transformed input".
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: run-no-await
      version: '1.0.0'
    do:
      - fireAndForget:
          run:
            workflow:
              namespace: default
              name: slow-child
              version: '1.0.0'
            await: false
    """
    And the engine knows the workflow:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: slow-child
      version: '1.0.0'
    do:
      - pause:
          wait: PT1H
    """
    And given the workflow input is:
    """yaml
    keep: me
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    keep: me
    """
