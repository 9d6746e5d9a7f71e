from aifinops.prices.refresh import main

raise SystemExit(main())
