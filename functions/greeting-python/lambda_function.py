import json

def lambda_handler(event, context):
    """
    Lambda handler function.
    
    Args:
        event: Input event data (dict)
        context: Lambda context object
        
    Returns:
        Response dictionary
    """
    name = event.get('name', 'World')
    
    return {
        'statusCode': 200,
        'body': json.dumps({
            'message': f'Hello, {name}!',
            'input': event
        })
    }
