Feature: Set Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that set tasks evaluate expressions with every runtime argument
  So that my implementation conforms to the expected behavior

  Scenario: Set with a direct runtime expression
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: set-expression
      version: '1.0.0'
    do:
      - pickColor:
          set: ${ .configuration.color }
    """
    And given the workflow input is:
    """yaml
    configuration:
      color:
        name: teal
        hex: '#008080'
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    name: teal
    hex: '#008080'
    """

  Scenario: Set evaluates nested expressions, arrays and constants
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: set-nested
      version: '1.0.0'
    do:
      - shape:
          set:
            label: ${ "\(.first) \(.last)" }
            sum: ${ .numbers | add }
            nested:
              doubled: ${ .numbers | map(. * 2) }
              constant: 42
            list:
              - ${ .first }
              - literal
    """
    And given the workflow input is:
    """yaml
    first: Ada
    last: Lovelace
    numbers: [ 1, 2, 3 ]
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    label: Ada Lovelace
    sum: 6
    nested:
      doubled: [ 2, 4, 6 ]
      constant: 42
    list: [ Ada, literal ]
    """

  Scenario: Set reads $input and $context
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: set-input-context
      version: '1.0.0'
    do:
      - remember:
          set:
            user: ${ .user }
          export:
            as: '${ { savedUser: .user } }'
      - combine:
          input:
            from: '${ { n: 7 } }'
          set:
            fromInput: ${ $input.n }
            fromDot: ${ .n }
            fromContext: ${ $context.savedUser }
    """
    And given the workflow input is:
    """yaml
    user: alice
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    fromInput: 7
    fromDot: 7
    fromContext: alice
    """

  Scenario: Set reads the workflow descriptor
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: set-workflow-descriptor
      version: '1.0.0'
    input:
      from: '${ { trimmed: .value } }'
    do:
      - describe:
          set:
            id: ${ $workflow.id }
            name: ${ $workflow.definition.document.name }
            firstTask: ${ $workflow.definition.do[0] | keys[0] }
            rawInput: ${ $workflow.input }
            startedAtIsString: ${ $workflow.startedAt.iso8601 | type == "string" }
            startedAtEpoch: ${ $workflow.startedAt.epoch.seconds | type == "number" }
    """
    And given the workflow input is:
    """yaml
    value: 1
    extra: dropped by input.from
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'id' property equal to the run id
    And the workflow output should have a 'name' property with value:
    """yaml
    set-workflow-descriptor
    """
    And the workflow output should have a 'firstTask' property with value:
    """yaml
    describe
    """
    And the workflow output should have a 'rawInput' property with value:
    """yaml
    value: 1
    extra: dropped by input.from
    """
    And the workflow output should have a 'startedAtIsString' property with value:
    """yaml
    true
    """
    And the workflow output should have a 'startedAtEpoch' property with value:
    """yaml
    true
    """

  Scenario: Set reads the runtime descriptor
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: set-runtime-descriptor
      version: '1.0.0'
    do:
      - describe:
          set:
            name: ${ $runtime.name }
            versionIsString: ${ $runtime.version | type == "string" }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    name: weft
    versionIsString: true
    """

  Scenario: Set reads the task descriptor
    # dsl.md "Runtime expression arguments": `$task` is available to the task definition's expressions.
    # The engine passes it only to `if`, `input.from`, `output.as` and `export.as`.
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: set-task-descriptor
      version: '1.0.0'
    do:
      - first:
          set:
            name: ${ $task.name }
            reference: ${ $task.reference }
      - outer:
          do:
            - ignored:
                set: {}
            - inner:
                input:
                  from: '${ { transformed: true } }'
                set:
                  previous: ${ $task.input }
                  name: ${ $task.name }
                  reference: ${ $task.reference }
                  kind: ${ $task.definition | keys | map(select(. == "set")) | first }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    previous: {}
    name: inner
    reference: /do/1/outer/do/1/inner
    kind: set
    """
    And first should complete with output:
    """yaml
    name: first
    reference: /do/0/first
    """

  Scenario: Set reads the task start time from the task descriptor
    # dsl.md, Task Descriptor: `startedAt` (dateTimeDescriptor) is "the start time of the task".
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: set-task-started-at
      version: '1.0.0'
    do:
      - pause:
          wait: PT1M
      - stamp:
          set:
            taskStarted: ${ $task.startedAt.epoch.milliseconds }
            workflowStarted: ${ $workflow.startedAt.epoch.milliseconds }
      - compare:
          set:
            elapsed: ${ .taskStarted - .workflowStarted }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    elapsed: 60000
    """
