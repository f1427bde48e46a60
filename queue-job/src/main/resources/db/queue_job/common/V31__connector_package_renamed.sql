-- The connector framework's package was renamed from com.awkhad.connector.connector to
-- com.awkhad.connector.framework. Jobs, recurring definitions and function settings stored before
-- name classes of the old package; the runner loads a job's class by its stored name, so they are
-- renamed here, once, in the store that holds them. Exception class names (exc_name) are history
-- and stay as they were written. A function row whose new name already exists keeps the new one.
UPDATE queue_job
   SET target_class = REPLACE(target_class, 'com.awkhad.connector.connector.', 'com.awkhad.connector.framework.'),
       func_name = REPLACE(func_name, 'com.awkhad.connector.connector.', 'com.awkhad.connector.framework.')
 WHERE target_class LIKE 'com.awkhad.connector.connector.%'
    OR func_name LIKE 'com.awkhad.connector.connector.%';

UPDATE queue_job_recurring
   SET target_class = REPLACE(target_class, 'com.awkhad.connector.connector.', 'com.awkhad.connector.framework.'),
       func_name = REPLACE(func_name, 'com.awkhad.connector.connector.', 'com.awkhad.connector.framework.')
 WHERE target_class LIKE 'com.awkhad.connector.connector.%'
    OR func_name LIKE 'com.awkhad.connector.connector.%';

DELETE FROM queue_job_function
 WHERE name LIKE 'com.awkhad.connector.connector.%'
   AND REPLACE(name, 'com.awkhad.connector.connector.', 'com.awkhad.connector.framework.')
       IN (SELECT name FROM (SELECT name FROM queue_job_function) AS existing);

UPDATE queue_job_function
   SET name = REPLACE(name, 'com.awkhad.connector.connector.', 'com.awkhad.connector.framework.')
 WHERE name LIKE 'com.awkhad.connector.connector.%';
