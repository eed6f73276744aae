Feature: Data Flow (extra)
  As an implementer of the workflow DSL
  I want to ensure that inputs, outputs and the context are transformed and validated as the DSL says
  So that my implementation conforms to the expected behavior

  Scenario: A task whose if condition does not hold is skipped and passes its input through
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: if-skipped
      version: '1.0.0'
    do:
      - maybe:
          if: ${ .enabled }
          set:
            replaced: true
      - after:
          set:
            enabled: ${ .enabled }
            untouched: ${ .untouched }
    """
    And given the workflow input is:
    """yaml
    enabled: false
    untouched: yes please
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    enabled: false
    untouched: yes please
    """
    And maybe should not run

  Scenario: A task whose if condition holds runs
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: if-runs
      version: '1.0.0'
    do:
      - maybe:
          if: .count > 1
          set:
            ran: true
    """
    And given the workflow input is:
    """yaml
    count: 2
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    ran: true
    """
    And maybe should complete

  Scenario: A task if condition can read the context
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: if-context
      version: '1.0.0'
    do:
      - configure:
          set:
            value: 1
          export:
            as: '${ { skipNext: true } }'
      - maybe:
          if: ${ $context.skipNext | not }
          set:
            value: 2
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    value: 1
    """
    And maybe should not run

  Scenario: Task input.from transforms the task input
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-input-from
      version: '1.0.0'
    do:
      - greet:
          input:
            from: .user
          set:
            greeting: ${ "Hello \(.firstName)" }
            hasOrders: ${ has("orders") }
    """
    And given the workflow input is:
    """yaml
    user:
      firstName: Jane
    orders: [ 1, 2 ]
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    greeting: Hello Jane
    hasOrders: false
    """

  Scenario: Task input.from given as an object with expressions
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-input-from-object
      version: '1.0.0'
    do:
      - shape:
          input:
            from:
              name: ${ .user.firstName }
              constant: fixed
          set: ${ . }
    """
    And given the workflow input is:
    """yaml
    user:
      firstName: Jane
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    name: Jane
    constant: fixed
    """

  Scenario: Task input valid against input.schema runs
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-input-schema-valid
      version: '1.0.0'
    do:
      - checked:
          input:
            schema:
              format: json
              document:
                type: object
                required: [ id ]
                properties:
                  id:
                    type: integer
          set:
            id: ${ .id }
    """
    And given the workflow input is:
    """yaml
    id: 3
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    id: 3
    """

  Scenario: Task input invalid against input.schema faults with a validation error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-input-schema-invalid
      version: '1.0.0'
    do:
      - checked:
          input:
            schema:
              format: json
              document:
                type: object
                required: [ id ]
                properties:
                  id:
                    type: integer
          set:
            id: ${ .id }
    """
    And given the workflow input is:
    """yaml
    id: not-a-number
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/validation
    status: 400
    instance: /do/0/checked
    """
    And checked should fault

  Scenario: Task input.schema validates the raw input, before input.from
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-input-schema-raw
      version: '1.0.0'
    do:
      - checked:
          input:
            schema:
              format: json
              document:
                type: object
                required: [ order ]
            from: .order
          set:
            id: ${ .id }
    """
    And given the workflow input is:
    """yaml
    order:
      id: 9
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    id: 9
    """

  Scenario: Task output.as transforms the task output
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-output-as
      version: '1.0.0'
    do:
      - compute:
          set:
            a: 1
            b: 2
          output:
            as: '${ { sum: (.a + .b), input: $input.seed, raw: $task.output.a } }'
    """
    And given the workflow input is:
    """yaml
    seed: 10
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    sum: 3
    input: 10
    raw: 1
    """

  Scenario: Task output.as and export.as read the task descriptor
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-descriptor-transforms
      version: '1.0.0'
    do:
      - outer:
          do:
            - describe:
                input:
                  from: '${ { transformed: true } }'
                set:
                  value: 1
                output:
                  as: '${ { name: $task.name, reference: $task.reference, rawInput: $task.input, rawOutput: $task.output } }'
                export:
                  as: '${ { exportedBy: $task.name } }'
      - read:
          set:
            described: ${ . }
            exportedBy: ${ $context.exportedBy }
    """
    And given the workflow input is:
    """yaml
    original: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    described:
      name: describe
      reference: /do/0/outer/do/0/describe
      rawInput:
        original: true
      rawOutput:
        value: 1
    exportedBy: describe
    """

  Scenario: Task output.as given as an object with expressions
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-output-as-object
      version: '1.0.0'
    do:
      - getPet:
          set:
            pet:
              id: 7
              name: Rex
          output:
            as:
              petId: ${ .pet.id }
              source: constant
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    petId: 7
    source: constant
    """

  Scenario: Task output invalid against output.schema faults with a validation error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-output-schema-invalid
      version: '1.0.0'
    do:
      - produce:
          set:
            petId: 7
          output:
            as:
              petId: ${ .petId }
            schema:
              format: json
              document:
                type: object
                properties:
                  petId:
                    type: string
                required: [ petId ]
      - after:
          set:
            reached: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/validation
    status: 400
    instance: /do/0/produce
    """
    And after should not run

  Scenario: Task output.schema validates the transformed output
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: task-output-schema-valid
      version: '1.0.0'
    do:
      - produce:
          set:
            petId: 7
          output:
            as:
              petId: ${ .petId | tostring }
            schema:
              format: json
              document:
                type: object
                properties:
                  petId:
                    type: string
                required: [ petId ]
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    petId: '7'
    """

  Scenario: export.as carries the context to later tasks
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: export-context
      version: '1.0.0'
    do:
      - login:
          set:
            token: abc
            user: jane
          export:
            as: '${ { token: .token } }'
      - addRole:
          set:
            role: admin
          export:
            as: '${ $context + { role: .role } }'
      - unrelated:
          set:
            step: three
      - useContext:
          set:
            token: ${ $context.token }
            role: ${ $context.role }
            previous: ${ .step }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    token: abc
    role: admin
    previous: three
    """

  Scenario: export.as sees the transformed output as $output
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: export-output-arg
      version: '1.0.0'
    do:
      - produce:
          set:
            value: 5
          output:
            as: '${ { doubled: (.value * 2) } }'
          export:
            as: '${ { fromDot: .doubled, fromOutput: $output.doubled } }'
      - read:
          set: ${ $context }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    fromDot: 10
    fromOutput: 10
    """

  Scenario: An exported context invalid against export.schema faults with a validation error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: export-schema-invalid
      version: '1.0.0'
    do:
      - produce:
          set:
            count: many
          export:
            as: '${ { count: .count } }'
            schema:
              format: json
              document:
                type: object
                properties:
                  count:
                    type: integer
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/validation
    status: 400
    instance: /do/0/produce
    """

  Scenario: Workflow input.from and output.as transform the workflow input and output
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: workflow-transforms
      version: '1.0.0'
    input:
      from: .order
    output:
      as: '${ { orderId: .id, total: .total } }'
    do:
      - price:
          set:
            id: ${ .id }
            total: ${ .items | map(.price) | add }
            internal: secret-ish
    """
    And given the workflow input is:
    """yaml
    order:
      id: o-1
      items:
        - price: 3
        - price: 4
    noise: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    orderId: o-1
    total: 7
    """

  Scenario: Workflow output.as can read the context
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: workflow-output-context
      version: '1.0.0'
    output:
      as: '${ { result: ., audit: $context.audit } }'
    do:
      - work:
          set:
            done: true
          export:
            as: '${ { audit: "work done" } }'
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    result:
      done: true
    audit: work done
    """

  Scenario: Workflow input invalid against input.schema faults with a validation error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: workflow-input-schema-invalid
      version: '1.0.0'
    input:
      schema:
        format: json
        document:
          type: object
          required: [ customer ]
          properties:
            customer:
              type: string
    do:
      - first:
          set:
            ran: true
    """
    And given the workflow input is:
    """yaml
    customer: 42
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/validation
    status: 400
    """
    And first should not run

  Scenario: Workflow input valid against input.schema runs
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: workflow-input-schema-valid
      version: '1.0.0'
    input:
      schema:
        format: json
        document:
          type: object
          required: [ customer ]
    do:
      - first:
          set:
            customer: ${ .customer }
    """
    And given the workflow input is:
    """yaml
    customer: jane
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    customer: jane
    """

  Scenario: Workflow output invalid against output.schema faults with a validation error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: workflow-output-schema-invalid
      version: '1.0.0'
    output:
      schema:
        format: json
        document:
          type: object
          required: [ result ]
    do:
      - work:
          set:
            other: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/validation
    status: 400
    """
    And work should complete

  Scenario: Secrets are available to input.from
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: secrets-input-from
      version: '1.0.0'
    use:
      secrets: [ apiKey ]
    do:
      - callWithKey:
          input:
            from: '${ { key: $secrets.apiKey } }'
          call: http
          with:
            method: get
            endpoint: '{{server}}/echo'
            headers:
              X-Api-Key: ${ .key }
          output:
            as: ${ .headers["x-api-key"] }
    """
    And given the workflow secrets are:
    """yaml
    apiKey: s3cr3t
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    s3cr3t
    """
