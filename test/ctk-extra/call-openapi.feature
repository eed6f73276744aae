Feature: OpenAPI Call Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that OpenAPI calls resolve operations from their document
  So that my implementation conforms to the expected behavior

  # {{server}}/openapi.json describes operation getPetById: GET /pets/{petId} on {{server}}.

  Scenario: Call an OpenAPI operation with a path parameter
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: openapi-get
      version: '1.0.0'
    do:
      - findPet:
          call: openapi
          with:
            document:
              endpoint: '{{server}}/openapi.json'
            operationId: getPetById
            parameters:
              petId: ${ .id }
    """
    And given the workflow input is:
    """yaml
    id: 8
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    id: 8
    name: Pet 8
    """
    And the server should have received 1 request to '/pets/8'

  Scenario: An OpenAPI operation answering 404 faults with a communication error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: openapi-404
      version: '1.0.0'
    do:
      - findPet:
          call: openapi
          with:
            document:
              endpoint: '{{server}}/openapi.json'
            operationId: getPetById
            parameters:
              petId: 500
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    status: 404
    instance: /do/0/findPet
    """

  Scenario: Calling an operation missing from the document faults
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: openapi-unknown-operation
      version: '1.0.0'
    do:
      - findPet:
          call: openapi
          with:
            document:
              endpoint: '{{server}}/openapi.json'
            operationId: deletePet
    """
    When the workflow is executed
    Then the workflow should fault
    And findPet should fault
