Feature: HTTP Call Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that HTTP calls send the request they describe and shape the response
  So that my implementation conforms to the expected behavior

  # {{server}} is a local test HTTP server; /echo answers with the request it received as JSON
  # { method, path, query, headers, body }. See test/ctk.test.ts for every route.

  Scenario: GET with query parameters and headers
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-get
      version: '1.0.0'
    do:
      - search:
          call: http
          with:
            method: get
            endpoint: '{{server}}/echo'
            query:
              q: ${ .term }
              page: '2'
            headers:
              X-Request-Source: ctk
              X-Term: ${ .term }
    """
    And given the workflow input is:
    """yaml
    term: kittens
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'method' property with value:
    """yaml
    GET
    """
    And the workflow output should have a 'path' property with value:
    """yaml
    /echo
    """
    And the workflow output should have a 'query' property with value:
    """yaml
    q: kittens
    page: '2'
    """
    And the workflow output should have a 'headers.x-request-source' property with value:
    """yaml
    ctk
    """
    And the workflow output should have a 'headers.x-term' property with value:
    """yaml
    kittens
    """
    And the workflow output should have a 'body' property with value:
    """yaml
    null
    """

  Scenario: Headers and query given as runtime expressions
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-expression-maps
      version: '1.0.0'
    do:
      - search:
          call: http
          with:
            method: get
            endpoint: '{{server}}/echo'
            query: '${ { limit: (.limit | tostring) } }'
            headers: '${ { "x-tenant": .tenant } }'
    """
    And given the workflow input is:
    """yaml
    limit: 5
    tenant: acme
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'query' property with value:
    """yaml
    limit: '5'
    """
    And the workflow output should have a 'headers.x-tenant' property with value:
    """yaml
    acme
    """

  Scenario: POST with a JSON body
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-post
      version: '1.0.0'
    do:
      - create:
          call: http
          with:
            method: post
            endpoint: '{{server}}/echo/pets'
            body:
              name: ${ .pet.name }
              tags: ${ .pet.tags }
              status: available
    """
    And given the workflow input is:
    """yaml
    pet:
      name: Milou
      tags: [ dog, white ]
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'method' property with value:
    """yaml
    POST
    """
    And the workflow output should have a 'path' property with value:
    """yaml
    /echo/pets
    """
    And the workflow output should have a 'headers.content-type' property with value:
    """yaml
    application/json
    """
    And the workflow output should have a 'body' property with value:
    """yaml
    name: Milou
    tags: [ dog, white ]
    status: available
    """

  Scenario: PUT with a body given as a runtime expression
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-put
      version: '1.0.0'
    do:
      - update:
          call: http
          with:
            method: put
            endpoint: '{{server}}/echo/pets/1'
            body: '${ .pet + { updated: true } }'
    """
    And given the workflow input is:
    """yaml
    pet:
      id: 1
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'method' property with value:
    """yaml
    PUT
    """
    And the workflow output should have a 'body' property with value:
    """yaml
    id: 1
    updated: true
    """

  Scenario: Endpoint URI template filled from the task input
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-uri-template
      version: '1.0.0'
    do:
      - getPet:
          call: http
          with:
            method: get
            endpoint: '{{server}}/pets/{petId}'
    """
    And given the workflow input is:
    """yaml
    petId: 7
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    id: 7
    name: Pet 7
    """

  Scenario: Endpoint object with a URI template
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-endpoint-object
      version: '1.0.0'
    do:
      - getPet:
          call: http
          with:
            method: get
            endpoint:
              uri: '{{server}}/pets/{petId}'
    """
    And given the workflow input is:
    """yaml
    petId: 12
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    id: 12
    name: Pet 12
    """

  Scenario: URI template variable missing from the input expands to an empty string
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-uri-template-missing
      version: '1.0.0'
    do:
      - getEcho:
          call: http
          with:
            method: get
            endpoint: '{{server}}/echo/{missing}'
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'path' property with value:
    """yaml
    /echo/
    """

  Scenario: URI template variable that is not a scalar faults with an expression error
    # dsl-reference.md "URI Template": "The referenced variable must be of type string, number, boolean, or
    # null. If the variable is of a different type an error with type .../errors/expression and status 400
    # will be raised." The engine JSON-encodes the object into the URI instead.
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-uri-template-object
      version: '1.0.0'
    do:
      - getPet:
          call: http
          with:
            method: get
            endpoint: '{{server}}/echo/{pet}'
    """
    And given the workflow input is:
    """yaml
    pet:
      id: 1
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/getPet
    """

  Scenario: Endpoint given as a runtime expression
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-endpoint-expression
      version: '1.0.0'
    do:
      - getPet:
          call: http
          with:
            method: get
            endpoint: ${ .base + "/pets/" + (.petId | tostring) }
    """
    And given the workflow input is:
    """yaml
    base: '{{server}}'
    petId: 33
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    id: 33
    name: Pet 33
    """

  Scenario: Output content is the default and deserializes JSON
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-output-content
      version: '1.0.0'
    do:
      - getPet:
          call: http
          with:
            method: get
            endpoint: '{{server}}/pets/5'
            output: content
      - getText:
          call: http
          with:
            method: get
            endpoint: '{{server}}/text'
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    hello world
    """
    And getPet should complete with output:
    """yaml
    id: 5
    name: Pet 5
    """

  Scenario: Output response describes the HTTP response
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-output-response
      version: '1.0.0'
    do:
      - getPet:
          call: http
          with:
            method: get
            endpoint: '{{server}}/pets/5'
            output: response
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have properties 'request', 'request.method', 'request.uri', 'statusCode', 'headers', 'content'
    And the workflow output should have a 'statusCode' property with value:
    """yaml
    200
    """
    And the workflow output should have a 'content' property with value:
    """yaml
    id: 5
    name: Pet 5
    """
    And the workflow output should have a 'headers.content-type' property with value:
    """yaml
    application/json
    """
    And the workflow output should have a 'request.uri' property with value:
    """yaml
    {{server}}/pets/5
    """

  Scenario: Output response of a 201 carries the status code and headers
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-output-response-created
      version: '1.0.0'
    do:
      - create:
          call: http
          with:
            method: post
            endpoint: '{{server}}/created'
            body:
              name: Rex
            output: response
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'statusCode' property with value:
    """yaml
    201
    """
    And the workflow output should have a 'headers.location' property with value:
    """yaml
    {{server}}/pets/42
    """

  Scenario: Output raw is the base64-encoded response content
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-output-raw
      version: '1.0.0'
    do:
      - getText:
          call: http
          with:
            method: get
            endpoint: '{{server}}/text'
            output: raw
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    aGVsbG8gd29ybGQ=
    """

  Scenario: A redirect faults when redirect is false
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-redirect-false
      version: '1.0.0'
    do:
      - follow:
          call: http
          with:
            method: get
            endpoint: '{{server}}/redirect'
            redirect: false
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    status: 302
    instance: /do/0/follow
    """
    And the server should have received 0 requests to '/echo'

  Scenario: A redirect faults by default
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-redirect-default
      version: '1.0.0'
    do:
      - follow:
          call: http
          with:
            method: get
            endpoint: '{{server}}/redirect'
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    status: 302
    """

  Scenario: A redirect is followed when redirect is true
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-redirect-true
      version: '1.0.0'
    do:
      - follow:
          call: http
          with:
            method: get
            endpoint: '{{server}}/redirect'
            redirect: true
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'path' property with value:
    """yaml
    /echo
    """
    And the workflow output should have a 'query' property with value:
    """yaml
    redirected: 'true'
    """

  Scenario: Basic authentication inline
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-basic-inline
      version: '1.0.0'
    do:
      - secured:
          call: http
          with:
            method: get
            endpoint:
              uri: '{{server}}/echo'
              authentication:
                basic:
                  username: admin
                  password: password123
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'headers.authorization' property with value:
    """yaml
    Basic YWRtaW46cGFzc3dvcmQxMjM=
    """

  Scenario: Bearer authentication inline with a token from the input
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-bearer-inline
      version: '1.0.0'
    do:
      - secured:
          call: http
          with:
            method: get
            endpoint:
              uri: '{{server}}/echo'
              authentication:
                bearer:
                  token: ${ .user.token }
    """
    And given the workflow input is:
    """yaml
    user:
      token: tok-123
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'headers.authorization' property with value:
    """yaml
    Bearer tok-123
    """

  Scenario: Basic authentication from use.authentications
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-basic-reusable
      version: '1.0.0'
    use:
      authentications:
        petstoreBasic:
          basic:
            username: user
            password: pass
    do:
      - secured:
          call: http
          with:
            method: get
            endpoint:
              uri: '{{server}}/echo'
              authentication:
                use: petstoreBasic
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'headers.authorization' property with value:
    """yaml
    Basic dXNlcjpwYXNz
    """

  Scenario: Bearer authentication from use.authentications
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-bearer-reusable
      version: '1.0.0'
    use:
      authentications:
        petstoreBearer:
          bearer:
            token: static-token
    do:
      - secured:
          call: http
          with:
            method: get
            endpoint:
              uri: '{{server}}/echo'
              authentication:
                use: petstoreBearer
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'headers.authorization' property with value:
    """yaml
    Bearer static-token
    """

  Scenario: Referencing an undefined authentication faults with a configuration error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-auth-undefined
      version: '1.0.0'
    do:
      - secured:
          call: http
          with:
            method: get
            endpoint:
              uri: '{{server}}/echo'
              authentication:
                use: nowhere
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/configuration
    status: 400
    instance: /do/0/secured
    """
    And the server should have received 0 requests to '/echo'

  Scenario: The authorization descriptor describes the resolved authentication
    # dsl.md "Runtime expression arguments": `$authorization` "Describes the resolved authorization, as
    # defined by the task's authentication, if any" ({ scheme, parameter }).
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-authorization-descriptor
      version: '1.0.0'
    do:
      - secured:
          call: http
          with:
            method: get
            endpoint:
              uri: '{{server}}/echo'
              authentication:
                bearer:
                  token: tok-xyz
          output:
            as: '${ { scheme: $authorization.scheme, parameter: $authorization.parameter } }'
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    scheme: Bearer
    parameter: tok-xyz
    """

  Scenario: Outgoing requests carry an Idempotency-Key header
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-idempotency-key
      version: '1.0.0'
    do:
      - first:
          call: http
          with:
            method: post
            endpoint: '{{server}}/echo'
            body: {}
          export:
            as: '${ { firstKey: .headers["idempotency-key"] } }'
      - second:
          call: http
          with:
            method: post
            endpoint: '{{server}}/echo'
            body: {}
      - compare:
          set:
            present: ${ (.headers["idempotency-key"] | type) == "string" and (.headers["idempotency-key"] | length) > 0 }
            distinct: ${ .headers["idempotency-key"] != $context.firstKey }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    present: true
    distinct: true
    """

  Scenario: A 404 response faults with a communication error carrying the status
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-404
      version: '1.0.0'
    do:
      - getPet:
          call: http
          with:
            method: get
            endpoint: '{{server}}/pets/{petId}'
      - after:
          set:
            reached: true
    """
    And given the workflow input is:
    """yaml
    petId: 404
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    status: 404
    instance: /do/0/getPet
    """
    And getPet should fault
    And after should not run

  Scenario: A 500 response faults with a communication error carrying the status
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-500
      version: '1.0.0'
    do:
      - callBroken:
          call: http
          with:
            method: get
            endpoint: '{{server}}/status/500'
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    status: 500
    instance: /do/0/callBroken
    """

  Scenario: An HTTP error can be caught and inspected
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-404-caught
      version: '1.0.0'
    do:
      - guarded:
          try:
            - getPet:
                call: http
                with:
                  method: get
                  endpoint: '{{server}}/pets/{petId}'
          catch:
            errors:
              with:
                type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
                status: 404
            do:
              - fallback:
                  set:
                    found: false
                    status: ${ $error.status }
    """
    And given the workflow input is:
    """yaml
    petId: 1000
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    found: false
    status: 404
    """

  Scenario: A refused connection faults with a communication error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: http-connection-refused
      version: '1.0.0'
    do:
      - unreachable:
          call: http
          with:
            method: get
            endpoint: '{{closed}}/anything'
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    instance: /do/0/unreachable
    """
